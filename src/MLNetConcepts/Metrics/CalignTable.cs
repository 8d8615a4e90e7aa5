using MLNetConcepts.Storage;

namespace MLNetConcepts.Metrics;

/// <summary>
/// The calign table (<see cref="CalignSummary"/> rows), declared once for <see cref="MetricFiles"/> and
/// <see cref="MetricFrames.CalignSummary"/>. To add a column: declare it here, add it to <see cref="Table"/> and to the row's constructor call.
/// </summary>
internal static class CalignTable
{
    /// <summary><c>source_component</c>.</summary>
    public static readonly TableColumn<CalignSummary, string> SourceComponent = new("source_component", ColumnKinds.Text, r => r.SourceComponent);
    /// <summary><c>target_component</c>.</summary>
    public static readonly TableColumn<CalignSummary, string> TargetComponent = new("target_component", ColumnKinds.Text, r => r.TargetComponent);
    /// <summary><c>layer</c>.</summary>
    public static readonly TableColumn<CalignSummary, int> Layer = new("layer", ColumnKinds.Int32, r => r.Layer);
    /// <summary><c>source_language</c>.</summary>
    public static readonly TableColumn<CalignSummary, string> SourceLanguage = new("source_language", ColumnKinds.Text, r => r.SourceLanguage);
    /// <summary><c>target_language</c>.</summary>
    public static readonly TableColumn<CalignSummary, string> TargetLanguage = new("target_language", ColumnKinds.Text, r => r.TargetLanguage);
    /// <summary><c>concepts_total</c>.</summary>
    public static readonly TableColumn<CalignSummary, int> ConceptsTotal = new("concepts_total", ColumnKinds.Int32, r => r.ConceptsTotal);
    /// <summary><c>concepts_considered</c>.</summary>
    public static readonly TableColumn<CalignSummary, int> ConceptsConsidered = new("concepts_considered", ColumnKinds.Int32, r => r.ConceptsConsidered);
    /// <summary><c>aligned</c>.</summary>
    public static readonly TableColumn<CalignSummary, int> Aligned = new("aligned", ColumnKinds.Int32, r => r.Aligned);
    /// <summary><c>calign</c> (percent).</summary>
    public static readonly TableColumn<CalignSummary, double> Calign = new("calign", ColumnKinds.Double, r => r.Calign);
    /// <summary><c>k</c>: tables of one fit from other tools may lack it (0).</summary>
    public static readonly TableColumn<CalignSummary, int> K = new("k", ColumnKinds.Int32, r => r.K) { IsOptional = true };
    /// <summary><c>seed</c>: tables of one fit from other tools may lack it (0).</summary>
    public static readonly TableColumn<CalignSummary, int> Seed = new("seed", ColumnKinds.Int32, r => r.Seed) { IsOptional = true };
    /// <summary><c>chance</c>: the chance level; NaN when a file lacks it.</summary>
    public static readonly TableColumn<CalignSummary, double> Chance = new("chance", ColumnKinds.Double, r => r.Chance) { IsOptional = true, Default = double.NaN };

    /// <summary>The required columns first (readers need them), then the clustering's k and seed and the chance level.</summary>
    public static readonly Table<CalignSummary> Table = new(
        [SourceComponent, TargetComponent, Layer, SourceLanguage, TargetLanguage, ConceptsTotal, ConceptsConsidered, Aligned, Calign, K, Seed, Chance],
        (b, i) => new CalignSummary(SourceComponent.In(b, i), TargetComponent.In(b, i), Layer.In(b, i), SourceLanguage.In(b, i),
            TargetLanguage.In(b, i), ConceptsTotal.In(b, i), ConceptsConsidered.In(b, i), Aligned.In(b, i), Calign.In(b, i), K.In(b, i),
            Seed.In(b, i), Chance.In(b, i)));
}
