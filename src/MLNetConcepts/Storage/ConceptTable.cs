
namespace MLNetConcepts.Storage;

/// <summary>
/// The concepts table (<see cref="ConceptAssignment"/> rows), declared once. <see cref="ConceptFiles"/> (Parquet),
/// <c>ConceptDataView</c> (ML.NET views), the saved CALIGN model and <c>ConceptFrames</c> all derive from it.
/// To add a column: declare it here, add it to <see cref="Table"/> (file order) and to the row's constructor call.
/// </summary>
internal static class ConceptTable
{
    /// <summary><c>component</c>: the component the vectors came from.</summary>
    public static readonly TableColumn<ConceptAssignment, string> Component = new("component", ColumnKinds.Text, r => r.Component);
    /// <summary><c>layer</c>: the model layer.</summary>
    public static readonly TableColumn<ConceptAssignment, int> Layer = new("layer", ColumnKinds.Int32, r => r.Layer);
    /// <summary><c>scope</c>: a language code or <c>mixed</c>.</summary>
    public static readonly TableColumn<ConceptAssignment, string> Scope = new("scope", ColumnKinds.Text, r => r.Scope);
    /// <summary><c>concept_id</c>: the concept within its fit.</summary>
    public static readonly TableColumn<ConceptAssignment, int> ConceptId = new("concept_id", ColumnKinds.Int32, r => r.ConceptId);
    /// <summary><c>sentence_id</c>: the word's sentence (int64: corpora may be long).</summary>
    public static readonly TableColumn<ConceptAssignment, long> SentenceId = new("sentence_id", ColumnKinds.Int64, r => r.SentenceId);
    /// <summary><c>word_index</c>: the word's position in its sentence.</summary>
    public static readonly TableColumn<ConceptAssignment, int> WordIndex = new("word_index", ColumnKinds.Int32, r => r.WordIndex);
    /// <summary><c>language</c>: the word's language code.</summary>
    public static readonly TableColumn<ConceptAssignment, string> Language = new("language", ColumnKinds.Text, r => r.Language);
    /// <summary><c>word</c>: the word itself.</summary>
    public static readonly TableColumn<ConceptAssignment, string> Word = new("word", ColumnKinds.Text, r => r.Word);
    /// <summary><c>k</c>: the fit's number of clusters; tables of one fit from other tools may lack it (0).</summary>
    public static readonly TableColumn<ConceptAssignment, int> K = new("k", ColumnKinds.Int32, r => r.K) { IsOptional = true };
    /// <summary><c>seed</c>: the fit's K-means seed; tables of one fit from other tools may lack it (0).</summary>
    public static readonly TableColumn<ConceptAssignment, int> Seed = new("seed", ColumnKinds.Int32, r => r.Seed) { IsOptional = true };

    /// <summary>The columns in the order other tools expect, <c>k</c> and <c>seed</c> last.</summary>
    public static readonly Table<ConceptAssignment> Table = new(
        [Component, Layer, Scope, ConceptId, SentenceId, WordIndex, Language, Word, K, Seed],
        (b, i) => new ConceptAssignment(Component.In(b, i), Layer.In(b, i), Scope.In(b, i), ConceptId.In(b, i), SentenceId.In(b, i),
            WordIndex.In(b, i), Language.In(b, i), Word.In(b, i), K.In(b, i), Seed.In(b, i)));

    /// <summary>
    /// The form ML.NET views and saved models hold: one fit's rows, without <c>k</c> and <c>seed</c> (they predate
    /// them; saved models must keep loading, and views made by other code lack them).
    /// </summary>
    public static readonly Table<ConceptAssignment> OneFit = Table.Only(Component, Layer, Scope, ConceptId, SentenceId, WordIndex, Language, Word);

    /// <summary>The columns the metrics read from a view; one without <c>sentence_id</c> or <c>word_index</c> reads them as 0.</summary>
    public static readonly TableColumn<ConceptAssignment>[] MetricColumns = [Component, Layer, Scope, ConceptId, Language, Word];
}
