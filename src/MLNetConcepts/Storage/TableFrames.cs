using Microsoft.Data.Analysis;

namespace MLNetConcepts.Storage;

/// <summary>Rows as a <see cref="DataFrame"/> (also an ML.NET <c>IDataView</c>) whose columns are declared <see cref="TableColumn{TRow}"/>s.</summary>
internal static class TableFrames
{
    /// <summary>A frame of <paramref name="rows"/> with <paramref name="columns"/>, in that order.</summary>
    public static DataFrame Create<TRow>(IEnumerable<TRow> rows, IEnumerable<TableColumn<TRow>> columns)
    {
        IReadOnlyList<TRow> list = rows as IReadOnlyList<TRow> ?? rows.ToList();
        return new DataFrame(columns.Select(c => c.ToFrame(list)));
    }
}
