using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNetConcepts.Storage;
using MLNetConcepts.Translation;

namespace MLNetConcepts.Metrics;

/// <summary>Writes and reads the pieces the metric transformers are made of inside an ML.NET model file.</summary>
internal static class MetricModelFormat
{
    internal static void WriteNullable(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null) writer.Write(value);
    }

    internal static string? ReadNullable(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    internal static void WriteDictionary(BinaryWriter writer, TranslationDictionary dictionary)
    {
        writer.Write(dictionary.Entries.Count);
        foreach (DictionaryEntry e in dictionary.Entries)
        {
            writer.Write(e.SourceLanguage);
            writer.Write(e.TargetLanguage);
            writer.Write(e.Source);
            writer.Write(e.Target);
            writer.Write(e.Rank);
            writer.Write(e.Probability);
        }
    }

    internal static TranslationDictionary ReadDictionary(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        var entries = new DictionaryEntry[count];
        for (int i = 0; i < count; i++)
            entries[i] = new DictionaryEntry(reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString(),
                reader.ReadInt32(), reader.ReadDouble());
        return new TranslationDictionary(entries);
    }

    // Concept rows keep the concepts table's one-fit form (ConceptTable.OneFit): its columns in order, no names.
    internal static void WriteAssignments(BinaryWriter writer, IReadOnlyList<ConceptAssignment> rows) =>
        TableModelFormat.Write(writer, ConceptTable.OneFit, rows);

    internal static ConceptAssignment[] ReadAssignments(BinaryReader reader) => TableModelFormat.Read(reader, ConceptTable.OneFit);

    internal static MetricDefinition ReadDefinition(BinaryReader reader)
    {
        int value = reader.ReadInt32();
        return Enum.IsDefined((MetricDefinition)value) ? (MetricDefinition)value
            : throw new InvalidDataException($"metric definition {value} in the model file is unknown");
    }
}

/// <summary>
/// Saving keeps the whole CALIGN setup: the translation dictionary, the options and, when the estimator was given
/// a separate target view, that view's concept assignments (read once at save time). A loaded transformer measures
/// new source concepts against the same dictionary and targets.
/// </summary>
public sealed partial class CalignTransformer : ICanSaveModel
{
    internal static readonly MLNetInternals.ModelVersion Version =
        MLNetInternals.ModelVersion.First("MLNCCALN", "MLNetConceptsCalign");

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        BinaryWriter writer = MLNetInternals.BeginSave(ctx, Version);
        writer.Write(_options.SourceLanguage);
        writer.Write(_options.TargetLanguage);
        MetricModelFormat.WriteNullable(writer, _options.SourceComponent);
        MetricModelFormat.WriteNullable(writer, _options.TargetComponent);
        writer.Write(_options.ThetaA);
        writer.Write(_options.NBest);
        writer.Write(_options.MinTypes);
        writer.Write(_options.MaxSizeDifference);
        writer.Write((int)_options.Definition);
        MetricModelFormat.WriteDictionary(writer, _dictionary);
        writer.Write(_targetConcepts is not null);
        if (_targetConcepts is not null)
            MetricModelFormat.WriteAssignments(writer, ConceptDataView.ReadAssignments(_targetConcepts));
    }

    /// <summary>ML.NET's loader entry point; <paramref name="loadContext"/> is its internal ModelLoadContext.</summary>
    internal static CalignTransformer Create(IHostEnvironment env, object loadContext)
    {
        BinaryReader reader = MLNetInternals.BeginLoad(loadContext, Version);
        var options = new CalignOptions
        {
            SourceLanguage = reader.ReadString(),
            TargetLanguage = reader.ReadString(),
            SourceComponent = MetricModelFormat.ReadNullable(reader),
            TargetComponent = MetricModelFormat.ReadNullable(reader),
            ThetaA = reader.ReadDouble(),
            NBest = reader.ReadInt32(),
            MinTypes = reader.ReadInt32(),
            MaxSizeDifference = reader.ReadDouble(),
            Definition = MetricModelFormat.ReadDefinition(reader),
        };
        options.Validate();
        TranslationDictionary dictionary = MetricModelFormat.ReadDictionary(reader);
        IDataView? targets = reader.ReadBoolean() ? ConceptDataView.FromAssignments(MetricModelFormat.ReadAssignments(reader)) : null;
        return new CalignTransformer(dictionary, options, targets);
    }
}

/// <summary>Saving keeps COLAP's options; nothing else is fitted.</summary>
public sealed partial class ColapTransformer : ICanSaveModel
{
    internal static readonly MLNetInternals.ModelVersion Version =
        MLNetInternals.ModelVersion.First("MLNCCOLP", "MLNetConceptsColap");

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        BinaryWriter writer = MLNetInternals.BeginSave(ctx, Version);
        writer.Write(_options.ThetaO);
        writer.Write((int)_options.Count);
        writer.Write((int)_options.Definition);
        writer.Write(_options.Scope);
        writer.Write(_options.Languages is not null);
        if (_options.Languages is not null)
        {
            writer.Write(_options.Languages.Count);
            foreach (string language in _options.Languages) writer.Write(language);
        }
    }

    /// <summary>ML.NET's loader entry point; <paramref name="loadContext"/> is its internal ModelLoadContext.</summary>
    internal static ColapTransformer Create(IHostEnvironment env, object loadContext)
    {
        BinaryReader reader = MLNetInternals.BeginLoad(loadContext, Version);
        double thetaO = reader.ReadDouble();
        int count = reader.ReadInt32();
        if (!Enum.IsDefined((ColapCount)count)) throw new InvalidDataException($"COLAP count {count} in the model file is unknown");
        var options = new ColapOptions
        {
            ThetaO = thetaO,
            Count = (ColapCount)count,
            Definition = MetricModelFormat.ReadDefinition(reader),
            Scope = reader.ReadString(),
        };
        if (reader.ReadBoolean())
            options.Languages = Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadString()).ToArray();
        options.Validate();
        return new ColapTransformer(options);
    }
}
