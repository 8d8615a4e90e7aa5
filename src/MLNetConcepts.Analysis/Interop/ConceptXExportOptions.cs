namespace MLNetConcepts.Interop;

/// <summary>What <see cref="ConceptXExport"/> writes.</summary>
public sealed class ConceptXExportOptions
{
    /// <summary>The K in <c>clusters-&lt;K&gt;.txt</c>; null takes the run's K, or the highest concept id + 1 of each file.</summary>
    public int? K { get; set; }

    /// <summary>A dictionary (Parquet or text) to write as lexical tables beside the concepts of a concepts table; a run's own is always written.</summary>
    public string? Dictionary { get; set; }

    /// <summary>Translations per source word written to the lexical tables. Default 10 (the N of CALIGN's N-best translations).</summary>
    public int NBest { get; set; } = 10;

    /// <summary>
    /// Checks every value; a bad one throws <see cref="ArgumentOutOfRangeException"/> whose
    /// <see cref="ArgumentException.ParamName"/> is the property (see <see cref="OptionErrors"/>).
    /// </summary>
    public void Validate()
    {
        const string owner = nameof(ConceptXExportOptions);
        if (NBest < 1) throw OptionErrors.OutOfRange(owner, nameof(NBest), $"must be at least 1, got {NBest}");
        if (K is < 1) throw OptionErrors.OutOfRange(owner, nameof(K), $"must be at least 1 (or null for the run's K), got {K}");
    }
}
