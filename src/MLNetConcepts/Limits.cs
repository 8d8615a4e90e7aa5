namespace MLNetConcepts;

/// <summary>
/// Upper bounds of the numeric options and inputs, checked before any work so that memory and threads stay within
/// what the options allow whatever the input (issue 22). Each is documented in docs/cli.md ("What the tool will never do to your files").
/// </summary>
public static class Limits
{
    /// <summary>Worker or ONNX Runtime threads: at most 4 per core (at least 16), since more only cost memory and start-up.</summary>
    public static int MaxThreads => Math.Max(16, 4 * Environment.ProcessorCount);

    /// <summary>Sentences per forward pass (<c>batch_size</c>): at most 4096, and within the memory estimate of extraction.</summary>
    public const int MaxBatchSize = 4096;

    /// <summary><c>max_positions</c> of <c>model.json</c>: at most 65,536 (real encoders have 512 to 16,384).</summary>
    public const int MaxPositions = 1 << 16;

    /// <summary>The longest line read from a text corpus: 1 MiB of UTF-8 (a sentence of 300 words is a few KB).</summary>
    public const int MaxLineBytes = 1 << 20;

    /// <summary>
    /// The default longest sentence, in words (<c>max_sentence_words</c>, the paper's 300): the frequency filter and the
    /// dictionary both drop a sentence (pair) of this many words or more, so by default they see the same sentences.
    /// </summary>
    internal const int DefaultMaxSentenceWords = 300;

    /// <summary>The threads problem text, or null when <paramref name="threads"/> (0 = all cores) is within bounds.</summary>
    internal static string? Threads(int threads) =>
        threads < 0 ? $"must be 0 or more, got {threads}"
        : threads > MaxThreads ? $"must be at most {MaxThreads} (4 per core on this machine with {Environment.ProcessorCount} cores), got {threads}"
        : null;
}
