namespace MLNetConcepts.RunFolders;

/// <summary>
/// The kinds of stage whose results an option of the method can change. An option's stages take its value into their
/// fingerprints, so changing it re-runs exactly them (and what reads their outputs).
/// </summary>
[Flags]
public enum MethodStage
{
    /// <summary>Changes no table (batch size, device, threads): results are the same for any value.</summary>
    None = 0,
    /// <summary>The frequency filter decided from the text before extraction.</summary>
    Select = 1,
    /// <summary>Activation extraction.</summary>
    Extract = 2,
    /// <summary>The translation dictionary of a corpus.</summary>
    Dictionary = 4,
    /// <summary>K-means per layer and scope.</summary>
    Cluster = 8,
    /// <summary>CALIGN.</summary>
    Align = 16,
    /// <summary>COLAP.</summary>
    Overlap = 32,
    /// <summary>Model comparisons.</summary>
    Compare = 64,
}
