using Parquet.Schema;

namespace MLNetConcepts.Storage;

/// <summary>Reads and writes <c>concepts.parquet</c>: <c>component</c>, <c>layer</c>, <c>scope</c>, <c>concept_id</c>, <c>sentence_id</c>, <c>word_index</c>, <c>language</c>, <c>word</c>, <c>k</c>, <c>seed</c>.</summary>
/// <remarks>The columns are declared once, in <see cref="ConceptTable"/>.</remarks>
public static class ConceptFiles
{
    /// <summary>The concepts table's file name.</summary>
    public const string FileName = "concepts.parquet";
    /// <summary>The scope of concepts clustered over several languages together (COLAP's input).</summary>
    public const string MixedScope = "mixed";

    private static readonly ParquetTable<ConceptAssignment> ParquetFile = new(ConceptTable.Table);

    /// <summary>The columns of <c>concepts.parquet</c>, in the order other tools expect, <c>k</c> and <c>seed</c> last.</summary>
    public static readonly ParquetSchema Schema = ParquetFile.Schema;

    /// <summary>The column names every reader requires (files from other tools may lack <c>k</c> and <c>seed</c>: one fit).</summary>
    public static IReadOnlyList<string> ColumnNames { get; } = ParquetFile.RequiredNames;

    /// <summary>Synchronous <see cref="WriteAsync(string, IEnumerable{ConceptAssignment}, CancellationToken, int)"/>.</summary>
    public static void Write(string path, IEnumerable<ConceptAssignment> rows) => Synchronously.Run(() => WriteAsync(path, rows));

    /// <summary>Writes the rows in row groups of <paramref name="rowGroupRows"/>, atomically.</summary>
    public static Task WriteAsync(string path, IEnumerable<ConceptAssignment> rows, CancellationToken cancellationToken = default,
        int rowGroupRows = 1 << 18) =>
        ParquetFile.WriteAsync(path, rows, rowGroupRows, null, cancellationToken);

    /// <summary>Writes rows as they are produced (a stage computing them while reading its inputs), in row groups of <paramref name="rowGroupRows"/>, atomically.</summary>
    public static Task WriteAsync(string path, IAsyncEnumerable<ConceptAssignment> rows, CancellationToken cancellationToken = default,
        int rowGroupRows = 1 << 18) =>
        ParquetFile.WriteAsync(path, rows, rowGroupRows, null, cancellationToken);

    /// <summary>Synchronous <see cref="ReadAsync"/>.</summary>
    public static IReadOnlyList<ConceptAssignment> Read(string path) => Synchronously.Run(() => ReadAsync(path));

    /// <summary>Reads every row; files from other tools with the same columns are accepted.</summary>
    public static Task<IReadOnlyList<ConceptAssignment>> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        ParquetFile.ReadAsync(path, cancellationToken);
}
