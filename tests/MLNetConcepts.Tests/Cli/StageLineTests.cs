using MLNetConcepts.Cli;

namespace MLNetConcepts.Tests.Cli;

/// <summary>A finished stage's terminal line keeps the model, layer, scope and numbers at 80 and 150 columns (issue 26).</summary>
public class StageLineTests
{
    private const string Prefix = "00:42    1.3 s  ";
    private const string Cluster = "cluster model=fine-tuned/corpus=en-de-fr component=encoder layer=3 scope=languages";
    private const string Clustered = "8030 vectors kept of 38568 -> 360 concepts in 9 fits";
    private const string Extract = "extract model=fine-tuned/corpus=en-de-fr language=fr";
    private const string Extracted = "encoder fr: 13505 words (0 dropped by the tokenizer, 0 past max positions), 4821 words/s";

    [Theory]
    [InlineData(150, Cluster, Clustered, "00:42    1.3 s  cluster fine-tuned/en-de-fr enc L3 languages: 8030 vectors kept of 38568 -> 360 concepts in 9 fits")]
    [InlineData(79, Cluster, Clustered, "00:42 1.3s clu fine-tuned/en-de-fr enc L3 langs: 8030/38568 vec→360 conc")]
    [InlineData(150, Extract, Extracted, "00:42    1.3 s  extract fine-tuned/en-de-fr fr: encoder fr: 13505 words (0 dropped by the tokenizer, 0 past max positions), 4821 words/s")]
    [InlineData(79, Extract, Extracted, "00:42 1.3s ext fine-tuned/en-de-fr fr: encoder fr: 13505 w, 4821 w/s")]
    [InlineData(150, "align model=fine-tuned/corpus=en-de-fr", "en->de 0-25%, de->en 5.7-37.5%", "00:42    1.3 s  align model=fine-tuned/corpus=en-de-fr: en->de 0-25%, de->en 5.7-37.5%")]
    public void KeepsTheModelLayerScopeAndNumbers(int width, string stage, string summary, string expected)
    {
        string line = StageLine.Compose(Prefix, stage, summary, width);
        Assert.Equal(expected, line);
        Assert.True(line.Length <= width);
    }

    [Fact]
    public void WhatIsLeftOverIsCutAtTheEndNeverInTheMiddle()
    {
        string line = StageLine.Compose(Prefix, "align model=fine-tuned/corpus=en-de-fr",
            "en->de 0-25%, de->en 5.7-37.5%, en->fr 0-7.5%, fr->en 0-8%, de->fr 3-21%, fr->de 0-9%", 79);
        Assert.Equal(79, line.Length);
        Assert.StartsWith("00:42 1.3s align fine-tuned/en-de-fr: en→de 0-25%, de→en 5.7-37.5%", line);
        Assert.EndsWith("…", line);
    }
}
