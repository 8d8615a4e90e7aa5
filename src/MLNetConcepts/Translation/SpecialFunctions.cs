namespace MLNetConcepts.Translation;

/// <summary>Numeric helpers the aligner's variational-Bayes M-step needs.</summary>
internal static class SpecialFunctions
{
    /// <summary>
    /// The digamma function ψ(x) for x &gt; 0: the recurrence ψ(x) = ψ(x + 1) − 1/x lifts x to 10 or more, where the
    /// asymptotic series ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) is accurate to double precision.
    /// </summary>
    public static double Digamma(double x)
    {
        double result = 0;
        while (x < 10)
        {
            result -= 1 / x;
            x += 1;
        }
        double inverse = 1 / x;
        double inverseSquared = inverse * inverse;
        result += Math.Log(x) - 0.5 * inverse
                  - inverseSquared * (1.0 / 12 - inverseSquared * (1.0 / 120 - inverseSquared * (1.0 / 252 - inverseSquared * (1.0 / 240 - inverseSquared / 132))));
        return result;
    }
}
