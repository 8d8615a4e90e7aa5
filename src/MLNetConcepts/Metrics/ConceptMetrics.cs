namespace MLNetConcepts.Metrics;

/// <summary>CALIGN of one (component, layer, direction), as <c>mlContext.Concepts().EvaluateCalign</c> returns it.</summary>
public sealed class CalignMetrics
{
    internal CalignMetrics(CalignSummary row, CalignResult details)
    {
        Calign = row.Calign;
        ConceptsTotal = row.ConceptsTotal;
        ConceptsConsidered = row.ConceptsConsidered;
        Aligned = row.Aligned;
        Details = details;
    }

    /// <summary>100 × <see cref="Aligned"/> / <see cref="ConceptsConsidered"/>; 0 when no concept was considered.</summary>
    public double Calign { get; }

    /// <summary>Source concepts in the view.</summary>
    public int ConceptsTotal { get; }

    /// <summary>Source concepts with more than <see cref="CalignOptions.MinTypes"/> word types: the denominator.</summary>
    public int ConceptsConsidered { get; }

    /// <summary>Considered source concepts that some target concept translates: the numerator.</summary>
    public int Aligned { get; }

    /// <summary>The per-concept diagnostics and the summary row.</summary>
    public CalignResult Details { get; }
}

/// <summary>COLAP of one (component, layer, scope), as <c>mlContext.Concepts().EvaluateColap</c> returns it.</summary>
public sealed class ColapMetrics
{
    internal ColapMetrics(ColapSummary row, ColapResult details)
    {
        Colap = row.Colap;
        Concepts = row.Concepts;
        Overlapping = row.Overlapping;
        LanguageA = row.LanguageA;
        LanguageB = row.LanguageB;
        Details = details;
    }

    /// <summary>100 × <see cref="Overlapping"/> / <see cref="Concepts"/>.</summary>
    public double Colap { get; }

    /// <summary>Non-empty concepts: the denominator.</summary>
    public int Concepts { get; }

    /// <summary>Concepts where both languages reach θ_O: the numerator.</summary>
    public int Overlapping { get; }

    /// <summary>The pair's first language, or <c>*</c> for "any two languages" when the view holds more than two.</summary>
    public string LanguageA { get; }

    /// <summary>The pair's second language, or <c>*</c>.</summary>
    public string LanguageB { get; }

    /// <summary>The per-concept diagnostics and every pair's summary row.</summary>
    public ColapResult Details { get; }
}
