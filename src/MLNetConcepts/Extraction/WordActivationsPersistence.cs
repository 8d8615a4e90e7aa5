using Microsoft.ML;
using Microsoft.ML.Runtime;
using Microsoft.ML.OnnxRuntime;
using MLNetConcepts.Models;

namespace MLNetConcepts.Extraction;

/// <summary>
/// Saving keeps a reference to the model folder, not its files: the folder's absolute path and a SHA-256 of
/// every file in the folder (<see cref="ModelFolderHash"/>), beside the options and the resolved layers and column
/// names. Loading opens the same folder and refuses it, naming it, when it is gone or its hash differs. Why not
/// embed the ONNX bytes as ML.NET's ONNX transform does: the multilingual encoders this library targets are 0.5 to
/// 2+ GB with external weight files, which would be copied into every saved pipeline and extracted to temporary
/// files on each load; the folder is already the unit the CLI and run folders fingerprint.
/// </summary>
public sealed partial class WordActivationsTransformer : ICanSaveModel
{
    internal static readonly MLNetInternals.ModelVersion Version =
        MLNetInternals.ModelVersion.First("MLNCWACT", "MLNetConceptsWordActs");

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        BinaryWriter writer = MLNetInternals.BeginSave(ctx, Version);
        writer.Write(Path.GetFullPath(Model.Folder));
        writer.Write(ModelFolderHash.Of(Model));
        writer.Write(_options.Language);
        WriteNullable(writer, _options.LanguageColumnName);
        WriteNullable(writer, _options.SentenceIdColumnName);
        writer.Write(_options.TextColumnName);
        writer.Write(Layers.Count);
        foreach (int layer in Layers)
        {
            writer.Write(layer);
            writer.Write(_options.LayerColumnName(layer));
        }
        ExtractionOptions e = _options.Extraction;
        writer.Write((int)e.Aggregation);
        writer.Write(e.Components is null ? -1 : (int)e.Components.Value);
        writer.Write((int)e.DecoderPosition);
        writer.Write(e.BatchSize);
        writer.Write(e.SortWindowBatches);
        writer.Write(e.KeepInputOrder);
        // Empty when not given, so a loaded pipeline follows the loading MLContext's GpuDeviceId; FallbackToCpu is not
        // saved at all: like the GPU it asks for, it is a setting of the machine that runs the pipeline, not of the model.
        writer.Write(e.Device ?? "");
        writer.Write(e.IntraOpThreads);
        writer.Write((int)e.OptimizationLevel);
    }

    /// <summary>ML.NET's loader entry point; <paramref name="loadContext"/> is its internal ModelLoadContext.</summary>
    internal static WordActivationsTransformer Create(IHostEnvironment env, object loadContext)
    {
        BinaryReader reader = MLNetInternals.BeginLoad(loadContext, Version);
        string folder = reader.ReadString();
        string savedHash = reader.ReadString();
        var options = new WordActivationsEstimator.Options
        {
            ModelFolder = folder,
            Language = reader.ReadString(),
            LanguageColumnName = ReadNullable(reader),
            SentenceIdColumnName = ReadNullable(reader),
            TextColumnName = reader.ReadString(),
        };
        var columns = new Dictionary<int, string>();
        int layerCount = reader.ReadInt32();
        for (int i = 0; i < layerCount; i++)
            columns.Add(reader.ReadInt32(), reader.ReadString());
        options.LayerColumnName = layer => columns[layer];
        options.Extraction = new ExtractionOptions
        {
            Layers = columns.Keys.ToArray(),
            Aggregation = ReadEnum<WordAggregation>(reader),
            Components = reader.ReadInt32() is var components and >= 0 ? Checked((ExtractionComponents)components) : null,
            DecoderPosition = ReadEnum<DecoderPosition>(reader),
            BatchSize = reader.ReadInt32(),
            SortWindowBatches = reader.ReadInt32(),
            KeepInputOrder = reader.ReadBoolean(),
            Device = reader.ReadString() is { Length: > 0 } device ? device : null,
            IntraOpThreads = reader.ReadInt32(),
            OptimizationLevel = ReadEnum<GraphOptimizationLevel>(reader),
        };

        // A zip is input like any other: its settings obey the options' bounds (threads, batch size) before anything runs.
        try
        {
            options.Extraction.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"the saved word-activations settings are out of range: {nameof(ExtractionOptions)}.{e.ParamName}: {OptionErrors.Problem(e)}");
        }
        if (!Directory.Exists(folder))
            throw new InvalidDataException($"{folder}: the model folder this saved pipeline extracts with is gone");
        ModelFolder model = ModelFolder.Load(folder);
        string hash = ModelFolderHash.Of(model);
        if (hash != savedHash && ModelFolderHash.Legacy(model) == savedHash)
            throw new InvalidDataException(
                $"{folder}: this pipeline was saved by an earlier version whose hash did not cover every file of the model folder (external weights, subfolders); fit and save it again");
        if (hash != savedHash)
            throw new InvalidDataException($"{folder}: the model folder's files changed since the pipeline was saved (SHA-256 {hash[..12]}..., saved {savedHash[..12]}...)");
        return new WordActivationsTransformer(env, options, (model, ActivationExtractor.ResolveLayers(model, options.Extraction.Layers)));
    }

    private static void WriteNullable(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null) writer.Write(value);
    }

    private static T ReadEnum<T>(BinaryReader reader) where T : struct, Enum => Checked((T)(object)reader.ReadInt32());

    private static T Checked<T>(T value) where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new InvalidDataException($"{typeof(T).Name} {value} in the model file is unknown");

    private static string? ReadNullable(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
