using Parquet.Schema;

namespace MLNetConcepts.Storage;

/// <summary>
/// One concept of a (component, layer, scope): its size, distinct types, centroid and lexical flag. A row of
/// <c>concept_summary.parquet</c>, written next to <c>concepts.parquet</c>.
/// </summary>
/// <param name="Size">Word occurrences in the concept.</param>
/// <param name="Types">Distinct (language, word) types in the concept.</param>
/// <param name="SumOfSquares">Sum of squared distances of the concept's vectors to its centroid.</param>
/// <param name="AffixKind"><c>prefix</c> or <c>suffix</c> when the concept is lexical (most types share an affix), else null.</param>
/// <param name="Affix">The shared affix (lower case), or null.</param>
/// <param name="AffixShare">Fraction of the concept's distinct words that carry the affix, or null.</param>
/// <param name="Centroid">Mean of the concept's vectors.</param>
/// <param name="Component">The component the vectors came from.</param>
/// <param name="Layer">The model layer (0 = embeddings).</param>
/// <param name="Scope">A language code, or <c>mixed</c>.</param>
/// <param name="ConceptId">The 0-based concept id within its (component, layer, scope, k, seed).</param>
/// <param name="K">The number of clusters of the fit (0 when a file does not say).</param>
/// <param name="Seed">The K-means seed of the fit (0 when a file does not say).</param>
public sealed record ConceptSummary(string Component, int Layer, string Scope, int ConceptId, int Size, int Types,
    double SumOfSquares, string? AffixKind, string? Affix, double? AffixShare, float[] Centroid, int K = 0, int Seed = 0)
{
    /// <summary>True when most of the concept's types share a prefix or suffix.</summary>
    public bool IsLexical => Affix is not null;
}

/// <summary>
/// Reads and writes <c>concept_summary.parquet</c>: <c>component</c> string, <c>layer</c> int32, <c>scope</c> string,
/// <c>concept_id</c> int32, <c>size</c> int32, <c>types</c> int32, <c>sum_of_squares</c> double, <c>lexical</c>
/// boolean, <c>affix_kind</c> string (null), <c>affix</c> string (null), <c>affix_share</c> double (null) and
/// <c>centroid</c> list&lt;float&gt;, then <c>k</c> and <c>seed</c> int32 (the fit). Only non-empty concepts have a row.
/// The columns are declared once, in <see cref="ConceptSummaryTable"/>.
/// </summary>
public static class ConceptSummaryFiles
{
    /// <summary>The concept summary table's file name, beside <c>concepts.parquet</c>.</summary>
    public const string FileName = "concept_summary.parquet";

    private static readonly ParquetTable<ConceptSummary> ParquetFile = new(ConceptSummaryTable.Table);

    /// <summary>The columns of <c>concept_summary.parquet</c>, in the order listed above.</summary>
    public static readonly ParquetSchema Schema = ParquetFile.Schema;

    /// <summary>
    /// The summary file that goes with a concepts file: <c>concept_summary.parquet</c> beside <c>concepts.parquet</c>,
    /// otherwise <c>&lt;name&gt;_summary.parquet</c> beside <c>&lt;name&gt;.parquet</c>, so two runs in one folder do not clash.
    /// </summary>
    public static string PathBeside(string conceptsPath)
    {
        string full = Path.GetFullPath(conceptsPath);
        string folder = Path.GetDirectoryName(full) ?? ".";
        string name = Path.GetFileName(full);
        return name == ConceptFiles.FileName
            ? Path.Combine(folder, FileName)
            : Path.Combine(folder, Path.GetFileNameWithoutExtension(name) + "_summary.parquet");
    }

    /// <summary>Synchronous <see cref="WriteAsync"/>.</summary>
    public static void Write(string path, IEnumerable<ConceptSummary> rows) => Synchronously.Run(() => WriteAsync(path, rows));

    /// <summary>Writes the rows, one row group per 4096 concepts, atomically.</summary>
    public static Task WriteAsync(string path, IEnumerable<ConceptSummary> rows, CancellationToken cancellationToken = default) =>
        ParquetFile.WriteAsync(path, rows.Select(RequireCentroid), 4096, null, cancellationToken);

    private static ConceptSummary RequireCentroid(ConceptSummary row) =>
        row.Centroid.Length > 0 ? row : throw new ArgumentException($"concept {row.ConceptId} has an empty centroid");

    /// <summary>Synchronous <see cref="ReadAsync"/>.</summary>
    public static IReadOnlyList<ConceptSummary> Read(string path) => Synchronously.Run(() => ReadAsync(path));

    /// <summary>Reads every row of a summary file written by <see cref="WriteAsync"/>.</summary>
    public static Task<IReadOnlyList<ConceptSummary>> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        ParquetFile.ReadAsync(path, cancellationToken);
}
