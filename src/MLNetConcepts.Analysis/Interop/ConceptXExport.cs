using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Interop;

/// <summary>One cluster file written by an export, as listed in <c>export.json</c>.</summary>
/// <param name="Path">Relative to the export folder, '/'-separated.</param>
/// <param name="SentenceOffsets">Added to each language's sentence ids so the languages of a mixed scope do not share ids.</param>
/// <param name="SentencesThreshold">For two languages: the last sentence id of the first, the released COLAP script's <c>sentences_threshold</c>.</param>
/// <param name="Component">The component the concepts come from (<c>encoder</c> or <c>decoder</c>).</param>
/// <param name="Layer">The model layer (0 = embeddings).</param>
/// <param name="Scope">A language code, or <c>mixed</c>.</param>
/// <param name="K">The K in the file name, <c>clusters-&lt;K&gt;.txt</c>.</param>
/// <param name="Lines">Lines written: one per word occurrence assigned to a concept.</param>
public sealed record ConceptXExportedFile(string Path, string Component, int Layer, string Scope, int K, int Lines,
    IReadOnlyDictionary<string, long> SentenceOffsets, long? SentencesThreshold);

/// <summary>One lexical table written by an export.</summary>
public sealed record LexicalTableExportedFile(string Path, string SourceLanguage, string TargetLanguage, int Lines);

/// <summary>What an export wrote.</summary>
public sealed record ConceptXExportResult(IReadOnlyList<ConceptXExportedFile> ClusterFiles, IReadOnlyList<LexicalTableExportedFile> Dictionaries,
    IReadOnlyList<string> ViewerFiles);

/// <summary>
/// Writes concepts in the formats of the paper's tool chain: per (component, layer, scope) a ConceptX cluster file
/// <c>&lt;component&gt;/layer&lt;L&gt;/&lt;scope&gt;/clusters-&lt;K&gt;.txt</c>; per (component, scope) a
/// TransformersConceptNet viewer file <c>&lt;component&gt;/&lt;scope&gt;/concept-net.json</c> (layer → cluster →
/// label and words); per language direction a lexical table <c>dictionary.&lt;s&gt;-&lt;t&gt;.txt</c>; and
/// <c>export.json</c> listing them. A run folder is exported model by model and corpus by corpus
/// (<c>model=&lt;m&gt;/corpus=&lt;c&gt;/…</c>). The output folder must be new or empty and appears only when complete.
/// </summary>
public static class ConceptXExport
{
    /// <summary>The manifest at the export's root (<c>export.json</c>), listing every file the export wrote.</summary>
    public const string ManifestFileName = "export.json";
    /// <summary>The TransformersConceptNet viewer file written per (component, scope).</summary>
    public const string ViewerFileName = "concept-net.json";

    /// <summary>Exports a run folder (it has <c>run.json</c>) or one concepts table.</summary>
    public static async Task<ConceptXExportResult> RunAsync(string input, string outputFolder, ConceptXExportOptions options,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        bool isRun = Directory.Exists(input) && File.Exists(Path.Combine(input, RunRecord.FileName));
        if (!isRun && !File.Exists(input))
            throw new MLNetConceptsException($"{input}: not found (expected a concepts.parquet or a run folder)");
        if (isRun && options.Dictionary is not null)
            throw OptionErrors.Invalid(nameof(ConceptXExportOptions), nameof(ConceptXExportOptions.Dictionary),
                "a run folder's own dictionaries are exported; a dictionary is for a concepts table");
        RequireNewFolder(outputFolder, input);

        var clusterFiles = new List<ConceptXExportedFile>();
        var dictionaries = new List<LexicalTableExportedFile>();
        var viewerFiles = new List<string>();
        using AtomicOutput output = AtomicOutput.ForDirectory(outputFolder);
        if (isRun)
        {
            RunFolder run = RunFolder.Open(input);
            int k = options.K ?? run.Description.Options.K[0];
            foreach (string model in run.Models)
            foreach (string corpus in run.Corpora)
            {
                string concepts = Path.Combine(run.Folder, RunLayout.Concepts(model, corpus));
                if (!File.Exists(concepts)) continue;  // a run stopped early: export what is there
                var rows = FirstFit(await ConceptFiles.ReadAsync(concepts, cancellationToken).ConfigureAwait(false));
                WriteConcepts(output.TemporaryPath, RunLayout.Part(model, corpus).Replace(Path.DirectorySeparatorChar, '/'), rows, k, clusterFiles, viewerFiles);
            }
            foreach (string corpus in run.Corpora)
            {
                string path = run.DictionaryPath(corpus);
                if (!File.Exists(path)) continue;
                TranslationDictionary all = await DictionaryFiles.ReadParquetAsync(path, cancellationToken).ConfigureAwait(false);
                WriteDictionaries(output.TemporaryPath, $"corpora/{corpus}", all, options.NBest, dictionaries);
            }
            if (clusterFiles.Count == 0) throw new MLNetConceptsException($"{input}: the run has no concepts yet");
        }
        else
        {
            var rows = FirstFit(await ConceptFiles.ReadAsync(input, cancellationToken).ConfigureAwait(false));
            if (rows.Count == 0) throw new MLNetConceptsException($"{input}: no concepts");
            WriteConcepts(output.TemporaryPath, "", rows, options.K, clusterFiles, viewerFiles);
            if (options.Dictionary is { } dictionaryPath)
            {
                TranslationDictionary all = await LoadAnyDictionaryAsync(dictionaryPath, rows, cancellationToken).ConfigureAwait(false);
                WriteDictionaries(output.TemporaryPath, "", all, options.NBest, dictionaries);
            }
        }
        WriteManifest(Path.Combine(output.TemporaryPath, ManifestFileName), input, options, clusterFiles, dictionaries, viewerFiles);
        output.Commit();
        return new ConceptXExportResult(clusterFiles, dictionaries, viewerFiles);
    }

    /// <summary>
    /// The rows of the table's first fit (its first K and seed): ConceptX files hold one clustering, and a table of
    /// repeated discovery holds several under the same concept ids.
    /// </summary>
    private static IReadOnlyList<ConceptAssignment> FirstFit(IReadOnlyList<ConceptAssignment> rows)
    {
        if (rows.Count == 0) return rows;
        (int k, int seed) = (rows[0].K, rows[0].Seed);
        return rows.All(r => r.K == k && r.Seed == seed) ? rows : rows.Where(r => r.K == k && r.Seed == seed).ToArray();
    }

    /// <summary>
    /// A text dictionary names no languages: it is taken as the direction between the two single-language scopes of
    /// the concepts (first to second in ordinal order), which must then be exactly two.
    /// </summary>
    private static async Task<TranslationDictionary> LoadAnyDictionaryAsync(string path, IReadOnlyList<ConceptAssignment> rows, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new MLNetConceptsException($"{path}: file not found");
        if (!ConceptXFiles.IsText(path)) return await DictionaryFiles.ReadParquetAsync(path, cancellationToken).ConfigureAwait(false);
        string[] languages = rows.Select(r => r.Scope).Where(s => s != ConceptFiles.MixedScope).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (languages.Length != 2)
            throw new MLNetConceptsException($"{path}: is a text dictionary and names no languages; the concepts have {languages.Length} language scopes, give a dictionary.parquet instead");
        return DictionaryFiles.ReadText(path, languages[0], languages[1]);
    }

    private static void RequireNewFolder(string folder, string input)
    {
        if (File.Exists(folder)) throw OptionErrors.InvalidArgument("outputFolder", $"{folder} is a file; give a new or empty folder");
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw OptionErrors.InvalidArgument("outputFolder", $"{folder} is not empty; give a new or empty folder");
        string full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        string inputFull = Path.GetFullPath(input).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (inputFull.StartsWith(full, StringComparison.Ordinal))
            throw OptionErrors.InvalidArgument("outputFolder", $"{folder} would hold the input {input}");
    }

    private static void WriteConcepts(string root, string prefix, IReadOnlyList<ConceptAssignment> rows, int? k,
        List<ConceptXExportedFile> files, List<string> viewerFiles)
    {
        // One offset per language for every mixed file, from the highest sentence id each language has in the
        // mixed scope (the scope's rows share one filter, so every layer holds the same sentences).
        var mixedMax = rows.Where(r => r.Scope == ConceptFiles.MixedScope).GroupBy(r => r.Language)
            .ToDictionary(g => g.Key, g => g.Max(r => r.SentenceId));
        var mixedOffsets = new Dictionary<string, long>(StringComparer.Ordinal);
        long next = 0;
        foreach (string language in mixedMax.Keys.Order(StringComparer.Ordinal))
        {
            mixedOffsets[language] = next;
            next += mixedMax[language] + 1;
        }
        var none = new Dictionary<string, long>();

        foreach (var group in rows.GroupBy(r => (r.Component, r.Scope)).OrderBy(g => g.Key.Component, StringComparer.Ordinal).ThenBy(g => g.Key.Scope, StringComparer.Ordinal))
        {
            string component = SafeName(group.Key.Component, "component"), scope = SafeName(group.Key.Scope, "scope");
            var viewer = new JsonObject();
            foreach (var layer in group.GroupBy(r => r.Layer).OrderBy(g => g.Key))
            {
                var layerRows = layer.ToList();
                int fileK = k ?? layerRows.Max(r => r.ConceptId) + 1;
                if (layerRows.Max(r => r.ConceptId) >= fileK)
                    throw OptionErrors.Invalid(nameof(ConceptXExportOptions), nameof(ConceptXExportOptions.K), $"{fileK} is not above concept id {layerRows.Max(r => r.ConceptId)} of {component} layer {layer.Key} scope {scope}");
                string relative = Combine(prefix, component, $"layer{layer.Key.ToString(CultureInfo.InvariantCulture)}", scope, $"clusters-{fileK.ToString(CultureInfo.InvariantCulture)}.txt");
                string path = Path.Combine(root, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                bool mixed = group.Key.Scope == ConceptFiles.MixedScope;
                var offsets = mixed ? mixedOffsets.Where(o => layerRows.Any(r => r.Language == o.Key)).ToDictionary(o => o.Key, o => o.Value) : none;
                int lines = ConceptXFiles.Write(path, layerRows, offsets);
                long? threshold = mixed && offsets.Count == 2 ? offsets.Values.Max() - 1 : null;
                files.Add(new ConceptXExportedFile(relative, group.Key.Component, layer.Key, group.Key.Scope, fileK, lines, offsets, threshold));
                viewer[layer.Key.ToString(CultureInfo.InvariantCulture)] = ViewerLayer(layerRows);
            }
            string viewerRelative = Combine(prefix, component, scope, ViewerFileName);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, viewerRelative))!);
            File.WriteAllText(Path.Combine(root, viewerRelative), viewer.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
            viewerFiles.Add(viewerRelative);
        }
    }

    /// <summary>
    /// A layer as the TransformersConceptNet viewer reads it: cluster id → label and the words of every occurrence
    /// (it shows them by frequency). Labels are empty: the viewer's labels come from annotation, which this tool does not do.
    /// </summary>
    private static JsonObject ViewerLayer(List<ConceptAssignment> rows)
    {
        var layer = new JsonObject();
        foreach (var concept in rows.OrderBy(r => r.SentenceId).ThenBy(r => r.WordIndex).GroupBy(r => r.ConceptId).OrderBy(g => g.Key))
            layer[concept.Key.ToString(CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["label"] = "",
                ["words"] = new JsonArray(concept.Select(r => (JsonNode)JsonValue.Create(r.Word)!).ToArray()),
            };
        return layer;
    }

    private static void WriteDictionaries(string root, string prefix, TranslationDictionary all, int nBest, List<LexicalTableExportedFile> files)
    {
        foreach (var direction in all.Entries.GroupBy(e => (e.SourceLanguage, e.TargetLanguage)).OrderBy(g => g.Key.SourceLanguage, StringComparer.Ordinal).ThenBy(g => g.Key.TargetLanguage, StringComparer.Ordinal))
        {
            string source = SafeName(direction.Key.SourceLanguage, "source_language"), target = SafeName(direction.Key.TargetLanguage, "target_language");
            string relative = Combine(prefix, $"dictionary.{source}-{target}.txt");
            string path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            int lines = LexicalTableFiles.Write(path, new TranslationDictionary(direction), nBest);
            files.Add(new LexicalTableExportedFile(relative, direction.Key.SourceLanguage, direction.Key.TargetLanguage, lines));
        }
    }

    private static void WriteManifest(string path, string input, ConceptXExportOptions options, List<ConceptXExportedFile> clusterFiles,
        List<LexicalTableExportedFile> dictionaries, List<string> viewerFiles)
    {
        var manifest = new JsonObject
        {
            ["tool"] = ToolInfo.NameAndVersion,
            ["input"] = Path.GetFullPath(input),
            ["format"] = "word|||occurrence|||sentence|||token|||cluster",
            ["nbest"] = options.NBest,
            ["cluster_files"] = new JsonArray(clusterFiles.Select(f => (JsonNode)new JsonObject
            {
                ["path"] = f.Path, ["component"] = f.Component, ["layer"] = f.Layer, ["scope"] = f.Scope, ["k"] = f.K, ["lines"] = f.Lines,
                ["sentence_offsets"] = new JsonObject(f.SentenceOffsets.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
                ["sentences_threshold"] = f.SentencesThreshold,
            }).ToArray()),
            ["viewer_files"] = new JsonArray(viewerFiles.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()),
            ["dictionaries"] = new JsonArray(dictionaries.Select(d => (JsonNode)new JsonObject
            {
                ["path"] = d.Path, ["source_language"] = d.SourceLanguage, ["target_language"] = d.TargetLanguage, ["lines"] = d.Lines,
            }).ToArray()),
        };
        File.WriteAllText(path, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static string Combine(string prefix, params string[] parts) =>
        string.Join('/', (prefix.Length == 0 ? parts : parts.Prepend(prefix)));

    /// <summary>A name from the data used as a folder name: never a path of its own (no separators, no "..").</summary>
    private static string SafeName(string name, string column)
    {
        if (name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0)
            throw new MLNetConceptsException($"{column} '{name}' cannot name a folder of the export");
        return name;
    }
}
