using System.Text.Json;
using System.Text.Json.Serialization;
using MLNetConcepts.Models;
using MLNetConcepts.Tokenization;

namespace MLNetConcepts.RunFolders;

/// <summary>
/// What an <c>analyze</c> run computes: models (with labels), a parallel corpus, languages, layers and every option
/// of the method. Read from a JSON run description (see <c>examples/demo-run.json</c>) or built in code; relative
/// paths in a file are relative to the file's folder. <see cref="Validate"/> checks everything that needs no
/// long work, so bad input fails before the first model runs.
/// </summary>
public sealed class RunDescription
{
    /// <summary>The layers a run takes when none are given (the paper's selection for 12-layer models).</summary>
    public static readonly IReadOnlyList<int> DefaultLayers = [0, 1, 3, 6, 9, 12];

    /// <summary>Models to analyse, each with a label used in folder names, tables and the report.</summary>
    public List<ModelEntry> Models { get; set; } = [];

    /// <summary>Parallel text: one entry per line-aligned set of files (or one two-column TSV file).</summary>
    public List<CorpusEntry> Corpus { get; set; } = [];

    /// <summary>Languages to analyse; <c>null</c> takes every language of the corpus.</summary>
    public List<string>? Languages { get; set; }

    /// <summary>Layers (0 = embeddings), or <c>null</c> for every layer of every model. Default 0,1,3,6,9,12.</summary>
    [JsonConverter(typeof(LayerListConverter))]
    public List<int>? Layers { get; set; } = [.. DefaultLayers];

    /// <summary>The run folder; <c>null</c> means the caller decides (the command line requires one).</summary>
    public string? Out { get; set; }

    /// <summary>The method's options; missing ones take their defaults (docs/method.md lists them).</summary>
    public RunSettings Options { get; set; } = new();

    /// <summary>
    /// Whether a model and corpus's activations stay in the run folder once its concepts are found (default true).
    /// They are most of a run's disk (every word's vector at every layer); with false they are deleted then, and
    /// extracted again only if a later run changes something that reads them (K, the seeds, the frequency filter).
    /// The tables are the same either way.
    /// </summary>
    public bool KeepActivations { get; set; } = true;

    /// <summary>
    /// Whether extraction stores every word's vector (true) or, the default, only those of the occurrences the frequency
    /// filter keeps, decided from the text before extraction (sentences without one are not run). The tables are the
    /// same; storing every vector costs disk and time, but lets a later run change <c>min_frequency</c>,
    /// <c>max_occurrences</c> or <c>max_sentence_words</c> without extracting again.
    /// </summary>
    public bool StoreAllVectors { get; set; }

    /// <summary>
    /// Sentences per extraction stage: each extraction pass over a corpus larger than this is split into shards of
    /// about this many sentences (rounded up to whole sort windows, 2,048 sentences at the default batch size), which
    /// cluster tasks run at once on many nodes and which are read as one table. 0 (default): one stage per pass. The
    /// tables are the same either way.
    /// </summary>
    public int ShardSentences { get; set; }

    /// <summary>
    /// Pairs of model labels <c>[a, b]</c> to compare (b − a with an interval, in <c>comparisons.parquet</c>), besides
    /// every fine-tuned model (one with <c>tuned_on</c>) against every base model, which are always compared.
    /// </summary>
    public List<List<string>> Comparisons { get; set; } = [];

    /// <summary>The model pairs (a, b) compared: each base model against each fine-tuned one, then <see cref="Comparisons"/>, each pair once.</summary>
    public IReadOnlyList<(string A, string B)> ComparedPairs()
    {
        var pairs = new List<(string, string)>();
        foreach (ModelEntry a in Models.Where(m => m.TunedOn.Count == 0))
            foreach (ModelEntry b in Models.Where(m => m.TunedOn.Count > 0))
                pairs.Add((a.Label!, b.Label!));
        foreach (List<string> pair in Comparisons)
            if (pair.Count == 2 && !pairs.Contains((pair[0], pair[1]))) pairs.Add((pair[0], pair[1]));
        return pairs;
    }

    /// <summary>Language pairs of the corpus restricted to <see cref="Languages"/>, in corpus order.</summary>
    public IEnumerable<(CorpusEntry Corpus, string[] Languages)> SelectedCorpora()
    {
        foreach (CorpusEntry entry in Corpus)
        {
            string[] languages = Languages is null ? entry.Languages.ToArray() : entry.Languages.Where(Languages.Contains).ToArray();
            if (languages.Length >= 2) yield return (entry, languages);
        }
    }

    /// <summary>Reads a run description; unknown fields, malformed JSON and missing fields name the file and field.</summary>
    public static RunDescription Load(string path)
    {
        if (!File.Exists(path))
            throw new MLNetConceptsException($"{path}: run description not found");
        RunDescription? description = JsonFiles.Read<RunDescription>(path, JsonOptions);
        if (description is null)
            throw new MLNetConceptsException($"{path}: empty run description");
        description.ResolvePaths(Path.GetDirectoryName(Path.GetFullPath(path))!);
        description.Source = Path.GetFullPath(path);
        return description;
    }

    /// <summary>The file this description was read from, if any (errors name it).</summary>
    [JsonIgnore]
    public string? Source { get; private set; }

    private string Where => Source ?? "run description";

    /// <summary>
    /// Fields that came from command-line flags, each with its flag (e.g. <c>models</c> → <c>--model</c>,
    /// <c>options.k</c> → <c>--k</c>), so that errors name the flag the user typed rather than a field of a file.
    /// </summary>
    [JsonIgnore]
    public Dictionary<string, string> FlagFields { get; } = new(StringComparer.Ordinal);

    /// <summary>"option --k: ..." for a field given by a flag, else "file: field 'x' ..."; default layers say so.</summary>
    internal MLNetConceptsException FieldError(string field, string problem)
    {
        string root = field.Split('[', '.')[0];
        if (FlagFields.TryGetValue(field, out string? flag) || FlagFields.TryGetValue(root, out flag))
            return new MLNetConceptsException($"option {flag}: {problem}");
        // A description built from flags (it has flag fields) was given no --layers: say the default is to blame.
        if (Source is null && FlagFields.Count > 0 && field == "layers" && Layers is not null && Layers.SequenceEqual(DefaultLayers))
            return new MLNetConceptsException(
                $"option --layers: not given, and the default layers {string.Join(",", DefaultLayers)} do not fit: {problem}; give --layers (e.g. --layers all)");
        // A file that gives no layers gets the default, which fits only 12-layer models: say so (the user never wrote 9).
        string hint = field == "layers" && Layers is not null && Layers.SequenceEqual(DefaultLayers)
            ? $"; 0,1,3,6,9,12 is the default when 'layers' is not given: give \"layers\": \"all\" or a list"
            : "";
        return new MLNetConceptsException($"{Where}: field '{field}' {problem}{hint}");
    }

    private void ResolvePaths(string folder)
    {
        string Resolve(string p) => Path.GetFullPath(Path.IsPathRooted(p) ? p : Path.Combine(folder, p));
        foreach (ModelEntry model in Models)
            if (!string.IsNullOrEmpty(model.Path)) model.Path = Resolve(model.Path);
        foreach (CorpusEntry entry in Corpus)
        {
            if (entry.Files is not null) entry.Files = entry.Files.Select(Resolve).ToList();
            if (entry.Tsv is not null) entry.Tsv = Resolve(entry.Tsv);
        }
        if (Out is not null) Out = Resolve(Out);
    }

    /// <summary>
    /// Checks fields, files, line counts, languages and layers (loading each model's <c>model.json</c>); returns the
    /// loaded models by label. Throws <see cref="MLNetConceptsException"/> naming the file and field.
    /// </summary>
    public IReadOnlyDictionary<string, ModelFolder> Validate()
    {
        void Fail(string field, string problem) => throw FieldError(field, problem);

        if (Models.Count == 0) Fail("models", "is empty; name at least one model folder");
        if (ShardSentences < 0) Fail("shard_sentences", $"must be 0 (no shards) or a number of sentences, got {ShardSentences}");
        var models = new Dictionary<string, ModelFolder>(StringComparer.Ordinal);
        for (int i = 0; i < Models.Count; i++)
        {
            ModelEntry m = Models[i];
            if (string.IsNullOrEmpty(m.Path)) Fail($"models[{i}].path", "is missing");
            m.Label ??= Path.GetFileName(m.Path!.TrimEnd('/', '\\'));
            if (!IsSafeName(m.Label)) Fail($"models[{i}].label", $"'{m.Label}' must be letters, digits, '.', '_' or '-'");
            if (models.ContainsKey(m.Label)) Fail($"models[{i}].label", $"'{m.Label}' is used twice");
            if (!Directory.Exists(m.Path)) Fail($"models[{i}].path", $"names '{m.Path}', which is not a folder");
            models[m.Label] = ModelFolder.Load(m.Path!);
        }

        if (Corpus.Count == 0) Fail("corpus", "is empty; name line-aligned files or a TSV file per language pair");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Corpus.Count; i++)
        {
            CorpusEntry c = Corpus[i];
            string field = $"corpus[{i}]";
            if (c.Languages.Count < 2) Fail($"{field}.languages", "needs at least two language codes");
            foreach (string language in c.Languages)
                if (!IsSafeName(language)) Fail($"{field}.languages", $"'{language}' is not a language code");
            if (c.Languages.Distinct().Count() != c.Languages.Count) Fail($"{field}.languages", "names a language twice");
            if (!names.Add(c.Name)) Fail($"{field}.languages", $"the language set {c.Name} appears twice");
            if ((c.Files is null) == (c.Tsv is null)) Fail(field, "needs exactly one of 'files' (one per language) or 'tsv'");
            if (c.Files is not null)
            {
                if (c.Files.Count != c.Languages.Count)
                    Fail($"{field}.files", $"has {c.Files.Count} files for {c.Languages.Count} languages");
                long? lines = null;
                for (int f = 0; f < c.Files.Count; f++)
                {
                    if (!File.Exists(c.Files[f])) Fail($"{field}.files[{f}]", $"names '{c.Files[f]}', which {(Directory.Exists(c.Files[f]) ? "is a folder" : "does not exist")}");
                    if (SentenceFile.NotReadableTwice(c.Files[f]) is { } why) Fail($"{field}.files[{f}]", $"names '{c.Files[f]}', which {why}");
                    long n = SentenceFile.ReadLines(c.Files[f]).LongCount();
                    if (lines is long expected && n != expected)
                        Fail($"{field}.files[{f}]", $"'{c.Files[f]}' has {n} lines but '{c.Files[0]}' has {expected}; the files must be line-aligned");
                    lines = n;
                }
            }
            else
            {
                if (c.Languages.Count != 2) Fail($"{field}.languages", "a TSV corpus holds exactly two languages (its first two columns)");
                if (!File.Exists(c.Tsv)) Fail($"{field}.tsv", $"names '{c.Tsv}', which {(Directory.Exists(c.Tsv) ? "is a folder" : "does not exist")}");
                if (SentenceFile.NotReadableTwice(c.Tsv!) is { } why) Fail($"{field}.tsv", $"names '{c.Tsv}', which {why}");
                long line = 0;
                foreach (string text in SentenceFile.ReadLines(c.Tsv!))
                {
                    line++;
                    int columns = text.Split('\t').Length;
                    if (columns != 2)
                        throw new MLNetConceptsException(
                            $"{c.Tsv}: line {line}: has {columns} tab-separated column{(columns == 1 ? "" : "s")}, expected 2 ({string.Join(", ", c.Languages)})");
                }
            }
        }

        var corpusLanguages = Corpus.SelectMany(c => c.Languages).ToHashSet(StringComparer.Ordinal);
        foreach (string language in Languages ?? [])
            if (!corpusLanguages.Contains(language))
                Fail("languages", $"'{language}' is not in the corpus (languages: {string.Join(", ", corpusLanguages.Order(StringComparer.Ordinal))})");
        if (!SelectedCorpora().Any()) Fail("languages", "leaves no corpus entry with two of its languages");

        if (Layers is not null)
        {
            if (Layers.Count == 0) Fail("layers", "is empty; give layer numbers or \"all\"");
            foreach ((string label, ModelFolder model) in models)
                foreach (ModelGraph graph in model.Graphs)
                    foreach (int layer in Layers)
                        if (layer < 0 || layer >= graph.LayerCount)
                            Fail("layers", $"layer {layer} is not in model '{label}' ({model.Folder} has {(model.Decoder is null ? "" : graph.Component + " ")}layers 0..{graph.LayerCount - 1})");
        }
        foreach (ModelEntry m in Models)
            foreach (string language in m.TunedOn)
                if (!corpusLanguages.Contains(language))
                    Fail("models.tuned_on", $"'{language}' (model '{m.Label}') is not in the corpus");
        for (int i = 0; i < Comparisons.Count; i++)
        {
            List<string> pair = Comparisons[i];
            if (pair.Count != 2) Fail($"comparisons[{i}]", $"has {pair.Count} labels; give two model labels [a, b]");
            foreach (string label in pair)
                if (!models.ContainsKey(label)) Fail($"comparisons[{i}]", $"'{label}' is not a model label (labels: {string.Join(", ", models.Keys)})");
            if (pair[0] == pair[1]) Fail($"comparisons[{i}]", $"compares '{pair[0]}' with itself");
        }
        Options.Validate(this);
        return models;
    }

    internal static bool IsSafeName(string? name) =>
        !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && name is not ("." or "..");

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // A second "out" would silently redirect the run: a repeated key is an error naming it.
        AllowDuplicateProperties = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
    };
}

/// <summary>A model of the run.</summary>
public sealed class ModelEntry
{
    /// <summary>Name in folders, tables and the report (e.g. <c>base</c>, <c>fine-tuned</c>); default the folder's name.</summary>
    public string? Label { get; set; }

    /// <summary>The model folder: <c>model.json</c>, the ONNX graph(s) and the tokenizer file.</summary>
    public string? Path { get; set; }

    /// <summary>Languages the model was fine-tuned on; pairs with another language are marked zero-shot in the report.</summary>
    public List<string> TunedOn { get; set; } = [];

    /// <summary>A pair is zero-shot for a fine-tuned model when one of its languages was not in the fine-tuning.</summary>
    public bool IsZeroShot(string a, string b) => TunedOn.Count > 0 && !(TunedOn.Contains(a) && TunedOn.Contains(b));
}

/// <summary>Line-aligned parallel text in two or more languages.</summary>
public sealed class CorpusEntry
{
    /// <summary>Language codes, in the order of <see cref="Files"/> (or of the TSV columns).</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>One UTF-8 file per language (<c>.gz</c> accepted), line i of each translating the others.</summary>
    public List<string>? Files { get; set; }

    /// <summary>Alternatively one file of <c>source&lt;TAB&gt;target</c> lines (further columns ignored).</summary>
    public string? Tsv { get; set; }

    /// <summary>The corpus's name in folders: its languages joined by '-'.</summary>
    [JsonIgnore]
    public string Name => string.Join("-", Languages);
}

/// <summary>Reads <c>"layers"</c> as a list of numbers or the string <c>"all"</c> (null).</summary>
internal sealed class LayerListConverter : JsonConverter<List<int>?>
{
    public override bool HandleNull => true;

    public override List<int>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.GetString() is "all") return null;
        return ReadIntegers(ref reader, "expected a list of layer numbers or \"all\"");
    }

    /// <summary>A JSON array of whole numbers (the reader at its start), or a <see cref="JsonException"/> with <paramref name="expected"/>.</summary>
    internal static List<int> ReadIntegers(ref Utf8JsonReader reader, string expected)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException(expected);
        var values = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int value)) throw new JsonException(expected);
            values.Add(value);
        }
        return values;
    }

    public override void Write(Utf8JsonWriter writer, List<int>? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteStringValue("all");
            return;
        }
        writer.WriteStartArray();
        foreach (int layer in value) writer.WriteNumberValue(layer);
        writer.WriteEndArray();
    }
}
