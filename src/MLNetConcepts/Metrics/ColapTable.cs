using MLNetConcepts.Storage;

namespace MLNetConcepts.Metrics;

/// <summary>
/// The colap table (<see cref="ColapSummary"/> rows), declared once for <see cref="MetricFiles"/> and
/// <see cref="MetricFrames.ColapSummary"/>. To add a column: declare it here, add it to <see cref="Table"/> and to the row's constructor call.
/// </summary>
internal static class ColapTable
{
    /// <summary><c>component</c>.</summary>
    public static readonly TableColumn<ColapSummary, string> Component = new("component", ColumnKinds.Text, r => r.Component);
    /// <summary><c>layer</c>.</summary>
    public static readonly TableColumn<ColapSummary, int> Layer = new("layer", ColumnKinds.Int32, r => r.Layer);
    /// <summary><c>scope</c>.</summary>
    public static readonly TableColumn<ColapSummary, string> Scope = new("scope", ColumnKinds.Text, r => r.Scope);
    /// <summary><c>language_a</c>.</summary>
    public static readonly TableColumn<ColapSummary, string> LanguageA = new("language_a", ColumnKinds.Text, r => r.LanguageA);
    /// <summary><c>language_b</c>.</summary>
    public static readonly TableColumn<ColapSummary, string> LanguageB = new("language_b", ColumnKinds.Text, r => r.LanguageB);
    /// <summary><c>concepts</c>.</summary>
    public static readonly TableColumn<ColapSummary, int> Concepts = new("concepts", ColumnKinds.Int32, r => r.Concepts);
    /// <summary><c>overlapping</c>.</summary>
    public static readonly TableColumn<ColapSummary, int> Overlapping = new("overlapping", ColumnKinds.Int32, r => r.Overlapping);
    /// <summary><c>colap</c> (percent).</summary>
    public static readonly TableColumn<ColapSummary, double> Colap = new("colap", ColumnKinds.Double, r => r.Colap);
    /// <summary><c>k</c>: tables of one fit from other tools may lack it (0).</summary>
    public static readonly TableColumn<ColapSummary, int> K = new("k", ColumnKinds.Int32, r => r.K) { IsOptional = true };
    /// <summary><c>seed</c>: tables of one fit from other tools may lack it (0).</summary>
    public static readonly TableColumn<ColapSummary, int> Seed = new("seed", ColumnKinds.Int32, r => r.Seed) { IsOptional = true };
    /// <summary><c>language_blind</c>: the language-blind chance level; NaN when a file lacks it.</summary>
    public static readonly TableColumn<ColapSummary, double> LanguageBlind =
        new("language_blind", ColumnKinds.Double, r => r.LanguageBlind) { IsOptional = true, Default = double.NaN };

    /// <summary>The required columns first (readers need them), then the clustering's k and seed and the chance level.</summary>
    public static readonly Table<ColapSummary> Table = new(
        [Component, Layer, Scope, LanguageA, LanguageB, Concepts, Overlapping, Colap, K, Seed, LanguageBlind],
        (b, i) => new ColapSummary(Component.In(b, i), Layer.In(b, i), Scope.In(b, i), LanguageA.In(b, i), LanguageB.In(b, i),
            Concepts.In(b, i), Overlapping.In(b, i), Colap.In(b, i), K.In(b, i), Seed.In(b, i), LanguageBlind.In(b, i)));
}
