using Microsoft.Data.Analysis;
using MLNetConcepts.Storage;

namespace MLNetConcepts.Metrics;

/// <summary>
/// Metric results as DataFrames (which are also ML.NET <c>IDataView</c>s), with snake_case column names. The summaries'
/// columns are the calign and colap tables' (<see cref="CalignTable"/>, <see cref="ColapTable"/>); the per-concept
/// diagnostics exist only as frames and are declared here.
/// </summary>
public static class MetricFrames
{
    /// <summary>CALIGN's per-concept diagnostics, one row per source concept.</summary>
    public static DataFrame CalignConcepts(IReadOnlyList<CalignConceptDiagnostic> rows) => new(
        new StringDataFrameColumn("source_component", rows.Select(r => r.SourceComponent)),
        new StringDataFrameColumn("target_component", rows.Select(r => r.TargetComponent)),
        new Int32DataFrameColumn("layer", rows.Select(r => r.Layer)),
        new StringDataFrameColumn("source_language", rows.Select(r => r.SourceLanguage)),
        new StringDataFrameColumn("target_language", rows.Select(r => r.TargetLanguage)),
        new Int32DataFrameColumn("source_concept", rows.Select(r => r.SourceConcept)),
        new Int32DataFrameColumn("types", rows.Select(r => r.Types)),
        new BooleanDataFrameColumn("considered", rows.Select(r => r.Considered)),
        new Int32DataFrameColumn("best_target_concept", rows.Select(r => r.BestTargetConcept)),
        new DoubleDataFrameColumn("match_fraction", rows.Select(r => r.MatchFraction)),
        new BooleanDataFrameColumn("aligned", rows.Select(r => r.Aligned)));

    /// <summary>CALIGN's summary with the calign table's columns.</summary>
    public static DataFrame CalignSummary(IReadOnlyList<CalignSummary> rows) => TableFrames.Create(rows, CalignTable.Table.Columns);

    /// <summary>COLAP's per-concept diagnostics, one row per (concept, language).</summary>
    public static DataFrame ColapConcepts(IReadOnlyList<ColapConceptDiagnostic> rows) => new(
        new StringDataFrameColumn("component", rows.Select(r => r.Component)),
        new Int32DataFrameColumn("layer", rows.Select(r => r.Layer)),
        new StringDataFrameColumn("scope", rows.Select(r => r.Scope)),
        new Int32DataFrameColumn("concept_id", rows.Select(r => r.ConceptId)),
        new Int32DataFrameColumn("size", rows.Select(r => r.Size)),
        new StringDataFrameColumn("language", rows.Select(r => r.Language)),
        new Int32DataFrameColumn("language_count", rows.Select(r => r.LanguageCount)),
        new DoubleDataFrameColumn("share", rows.Select(r => r.Share)),
        new BooleanDataFrameColumn("overlapping", rows.Select(r => r.Overlapping)));

    /// <summary>COLAP's summary with the colap table's columns.</summary>
    public static DataFrame ColapSummary(IReadOnlyList<ColapSummary> rows) => TableFrames.Create(rows, ColapTable.Table.Columns);
}
