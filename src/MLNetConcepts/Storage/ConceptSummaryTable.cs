
namespace MLNetConcepts.Storage;

/// <summary>
/// The concept summary table (<see cref="ConceptSummary"/> rows), declared once for <see cref="ConceptSummaryFiles"/>
/// and <c>ConceptFrames.Summary</c>. To add a column: declare it here, add it to <see cref="Table"/> and to the row's constructor call.
/// </summary>
internal static class ConceptSummaryTable
{
    /// <summary><c>component</c>.</summary>
    public static readonly TableColumn<ConceptSummary, string> Component = new("component", ColumnKinds.Text, r => r.Component);
    /// <summary><c>layer</c>.</summary>
    public static readonly TableColumn<ConceptSummary, int> Layer = new("layer", ColumnKinds.Int32, r => r.Layer);
    /// <summary><c>scope</c>.</summary>
    public static readonly TableColumn<ConceptSummary, string> Scope = new("scope", ColumnKinds.Text, r => r.Scope);
    /// <summary><c>concept_id</c>.</summary>
    public static readonly TableColumn<ConceptSummary, int> ConceptId = new("concept_id", ColumnKinds.Int32, r => r.ConceptId);
    /// <summary><c>size</c>: word occurrences.</summary>
    public static readonly TableColumn<ConceptSummary, int> Size = new("size", ColumnKinds.Int32, r => r.Size);
    /// <summary><c>types</c>: distinct (language, word) types.</summary>
    public static readonly TableColumn<ConceptSummary, int> Types = new("types", ColumnKinds.Int32, r => r.Types);
    /// <summary><c>sum_of_squares</c>.</summary>
    public static readonly TableColumn<ConceptSummary, double> SumOfSquares = new("sum_of_squares", ColumnKinds.Double, r => r.SumOfSquares);
    /// <summary><c>lexical</c>: written for other tools; readers recompute it from <c>affix</c>.</summary>
    public static readonly TableColumn<ConceptSummary, bool> Lexical = new("lexical", ColumnKinds.Boolean, r => r.IsLexical) { IsDerived = true };
    /// <summary><c>affix_kind</c>: <c>prefix</c>, <c>suffix</c> or null.</summary>
    public static readonly TableColumn<ConceptSummary, string?> AffixKind = new("affix_kind", ColumnKinds.NullableText, r => r.AffixKind);
    /// <summary><c>affix</c>: the shared affix or null.</summary>
    public static readonly TableColumn<ConceptSummary, string?> Affix = new("affix", ColumnKinds.NullableText, r => r.Affix);
    /// <summary><c>affix_share</c>: the share of words with the affix, or null.</summary>
    public static readonly TableColumn<ConceptSummary, double?> AffixShare = new("affix_share", ColumnKinds.NullableDouble, r => r.AffixShare);
    /// <summary><c>centroid</c>: list&lt;float&gt;, the same length in every row.</summary>
    public static readonly TableColumn<ConceptSummary, float[]> Centroid = new("centroid", ColumnKinds.FloatList, r => r.Centroid);
    /// <summary><c>k</c>: the fit's number of clusters (0 when a file lacks it).</summary>
    public static readonly TableColumn<ConceptSummary, int> K = new("k", ColumnKinds.Int32, r => r.K) { IsOptional = true };
    /// <summary><c>seed</c>: the fit's K-means seed (0 when a file lacks it).</summary>
    public static readonly TableColumn<ConceptSummary, int> Seed = new("seed", ColumnKinds.Int32, r => r.Seed) { IsOptional = true };

    /// <summary>The columns in file order.</summary>
    public static readonly Table<ConceptSummary> Table = new(
        [Component, Layer, Scope, ConceptId, Size, Types, SumOfSquares, Lexical, AffixKind, Affix, AffixShare, Centroid, K, Seed],
        (b, i) => new ConceptSummary(Component.In(b, i), Layer.In(b, i), Scope.In(b, i), ConceptId.In(b, i), Size.In(b, i), Types.In(b, i),
            SumOfSquares.In(b, i), AffixKind.In(b, i), Affix.In(b, i), AffixShare.In(b, i), Centroid.In(b, i), K.In(b, i), Seed.In(b, i)));
}
