using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNetConcepts.Concepts;
using MLNetConcepts.Extraction;
using MLNetConcepts.Models;
using MLNetConcepts.RunFolders;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Execution;

// Concept stages: K-means per (component, layer, scope), the merged concepts table, and dropping the activations after.
public sealed partial class Analysis
{
    /// <summary>Per layer: every language on its own and all mixed, then one concepts table for the model and corpus.</summary>
    private async Task<string> ConceptsAsync(ModelFolder model, PreparedCorpus corpus, RunPart where, string extractFingerprints,
        IReadOnlyList<string> extractStages, KeptSelection? kept, CancellationToken cancellationToken)
    {
        RunSettings o = Settings;
        // Encoders have one component; a t5 model has encoder and decoder vectors, clustered separately.
        var parts = new List<(string Concepts, string Fingerprint)>();
        var clusterStages = new List<string>();
        foreach (ModelGraph graph in model.Graphs)
        foreach (int layer in LayersOf(graph))
        {
            string component = graph.Component;
            foreach (bool mixed in new[] { false, true })
            {
                string scope = mixed ? ConceptFiles.MixedScope : "languages";
                string fingerprint = StageRunner.Fingerprint(["cluster", extractFingerprints, component, layer.ToString(CultureInfo.InvariantCulture), scope,
                    string.Join(",", corpus.Languages), .. Options(MethodStage.Cluster)]);
                string file = RunLayout.LayerConcepts(where.Model, where.Corpus, component, layer, scope);
                string summary = RunLayout.LayerConceptSummary(where.Model, where.Corpus, component, layer, scope);
                int fits = (mixed ? 1 : corpus.Languages.Length) * o.K.Count * o.Seeds;
                long keptTotal = corpus.Sizes?.KeptTotal ?? 0;
                var work = new StageWork(Vectors: mixed ? keptTotal : keptTotal / corpus.Languages.Length, Fits: fits, K: o.K.Max(), Hidden: graph.HiddenSize);
                await _stages.RunAsync($"cluster {where} component={component} layer={layer} scope={scope}", fingerprint, [file, summary],
                    fits, "fits", new StageGraph("cluster", extractStages, work), async progress =>
                    {
                        // Every K and seed of the layer in one stage: the layer's vectors are read once for all fits.
                        // One fit at a time on every core (the k-means++ trainer's products and sums run in parallel).
                        ConceptDiscoveryOptions options = o.ToDiscoveryOptions();
                        options.Clustering.NumberOfThreads = ThreadsPerStage == 0 ? null : ThreadsPerStage;
                        options.Component = component;
                        options.Layers = [layer];
                        options.Scope = mixed ? ConceptFiles.MixedScope : null;
                        options.Languages = corpus.Languages;
                        ConceptDiscoveryResult result = await ConceptDiscovery.RunAsync(Path.Combine(Folder, RunLayout.Part(where.Model, where.Corpus)), Path.Combine(Folder, file),
                            Path.Combine(Folder, summary), options, new FitProgress(progress), cancellationToken).ConfigureAwait(false);
                        // Over kept vectors alone the filter's counts would describe only them: the corpus's are the selection's.
                        FrequencyFilterStatistics f = kept is not null && component == ModelFolder.EncoderComponent
                            ? KeptOccurrences.ReadStatistics(Path.Combine(Folder, kept.Statistics)) : result.FilterStatistics;
                        return (JsonSerializer.SerializeToNode(f, ExtractionJob.ReportJson),
                            $"{f.KeptOccurrences} vectors kept of {f.WordsSeen} -> {result.Summaries.Count} concepts in {fits} fits");
                    }).ConfigureAwait(false);
                parts.Add((file, fingerprint));
                clusterStages.Add(_stages.LastStage);
            }
        }

        string mergedFingerprint = StageRunner.Fingerprint("concepts", string.Join("|", parts.Select(p => p.Fingerprint)));
        string concepts = RunLayout.Concepts(where.Model, where.Corpus);
        string summaries = RunLayout.ConceptSummary(where.Model, where.Corpus);
        await _stages.RunAsync($"concepts {where}", mergedFingerprint, [concepts, summaries], parts.Count, "tables",
            new StageGraph("concepts", clusterStages, new StageWork(Vectors: ConceptRows(corpus, model))), async progress =>
        {
            int count = await ConceptTables.MergeAsync(parts.Select(p => Path.Combine(Folder, p.Concepts)).ToList(), Path.Combine(Folder, concepts),
                Path.Combine(Folder, summaries), progress, cancellationToken).ConfigureAwait(false);
            return (new JsonObject { ["concepts"] = count }, $"{count} concepts, {string.Join(" and ", model.Graphs.Select(g => g.Component))}");
        }).ConfigureAwait(false);
        if (!_description.KeepActivations) await DropActivationsAsync(where, mergedFingerprint, _stages.LastStage, extractStages).ConfigureAwait(false);
        return mergedFingerprint;
    }

    /// <summary>Rows of a (model, corpus)'s concepts table, for estimates: every kept occurrence in its language scope and the mixed one, per layer, K and seed.</summary>
    private long ConceptRows(PreparedCorpus corpus, ModelFolder model) =>
        (corpus.Sizes?.KeptTotal ?? 0) * 2 * Settings.K.Count * Settings.Seeds * model.Graphs.Sum(g => LayersOf(g).Count);

    /// <summary>
    /// With <see cref="RunDescription.KeepActivations"/> false: once the concepts are found, the model and corpus's
    /// activations go, and the extractions that wrote them are recorded as dropped (before, so a kill in between leaves
    /// no record claiming missing files).
    /// </summary>
    private async Task DropActivationsAsync(RunPart where, string conceptsFingerprint, string conceptsStage, IReadOnlyList<string> extractStages)
    {
        string activations = Path.Combine(Folder, RunLayout.Activations(where.Model, where.Corpus));
        await _stages.RunAsync($"drop {where}", StageRunner.Fingerprint("drop", conceptsFingerprint), [], 0, "folders",
            new StageGraph(DropKind, [conceptsStage], new StageWork()), _ =>
            {
                _stages.MarkDropped(extractStages);
                long bytes = FolderRemoval.Delete(activations);
                return Task.FromResult<(JsonNode?, string)>((new JsonObject { ["bytes"] = bytes }, $"{RunPlan.Bytes(bytes)} of activations deleted"));
            }).ConfigureAwait(false);
    }

    /// <summary>Each finished fit is one step; the K-means iterations per second of the stage's fits so far are its detail (ML.NET's trainer reports none).</summary>
    private sealed class FitProgress(StageProgress progress) : IProgress<ClusteringFit>
    {
        private long _fits, _iterations;
        private double _seconds;

        public void Report(ClusteringFit fit)
        {
            progress.Report(++_fits);
            if (fit.Iterations is not int iterations) return;
            _iterations += iterations;
            _seconds += fit.Seconds;
            progress.Note(_seconds > 0 ? $"{_iterations / _seconds:0.#} iterations/s" : $"{_iterations} iterations");
        }
    }
}
