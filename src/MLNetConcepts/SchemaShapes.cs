using Microsoft.ML;

namespace MLNetConcepts;

/// <summary>
/// <see cref="SchemaShape"/> for a <see cref="DataViewSchema"/>. ML.NET builds shapes with an internal factory
/// (the column constructor is internal too), so estimators outside ML.NET reach that factory by reflection.
/// </summary>
public static class SchemaShapes
{
    /// <summary>The shape ML.NET itself would give <paramref name="schema"/> (same columns, types and metadata).</summary>
    public static SchemaShape Of(DataViewSchema schema) => MLNetInternals.SchemaShapeOf(schema);
}
