using MLNetConcepts.Storage;

namespace MLNetConcepts.Translation;

/// <summary>
/// The dictionary table (<see cref="DictionaryEntry"/> rows), declared once for <see cref="DictionaryFiles"/>.
/// To add a column: declare it here, add it to <see cref="Table"/> and to the row's constructor call.
/// </summary>
internal static class DictionaryTable
{
    /// <summary><c>source_language</c>: the language translated from.</summary>
    public static readonly TableColumn<DictionaryEntry, string> SourceLanguage = new("source_language", ColumnKinds.Text, r => r.SourceLanguage);
    /// <summary><c>target_language</c>: the language translated into.</summary>
    public static readonly TableColumn<DictionaryEntry, string> TargetLanguage = new("target_language", ColumnKinds.Text, r => r.TargetLanguage);
    /// <summary><c>source</c>: the source word.</summary>
    public static readonly TableColumn<DictionaryEntry, string> Source = new("source", ColumnKinds.Text, r => r.Source);
    /// <summary><c>target</c>: one of its translations.</summary>
    public static readonly TableColumn<DictionaryEntry, string> Target = new("target", ColumnKinds.Text, r => r.Target);
    /// <summary><c>rank</c>: 1 is the source word's best translation (readers reject ranks below 1).</summary>
    public static readonly TableColumn<DictionaryEntry, int> Rank = new("rank", ColumnKinds.Int32, r => r.Rank);
    /// <summary><c>probability</c>: the translation's score.</summary>
    public static readonly TableColumn<DictionaryEntry, double> Probability = new("probability", ColumnKinds.Double, r => r.Probability);

    /// <summary>The columns in file order; every one is required.</summary>
    public static readonly Table<DictionaryEntry> Table = new(
        [SourceLanguage, TargetLanguage, Source, Target, Rank, Probability],
        (b, i) => new DictionaryEntry(SourceLanguage.In(b, i), TargetLanguage.In(b, i), Source.In(b, i), Target.In(b, i), Rank.In(b, i),
            Probability.In(b, i)));
}
