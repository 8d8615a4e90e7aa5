using MLNetConcepts.Extraction;
using MLNetConcepts.Models;
using MLNetConcepts.Tests.Support;

namespace MLNetConcepts.Tests.Extraction;

public class OnnxGraphSessionTests
{
    [Fact]
    public void AFailedBatchNamesTheModelFolderTheLinesAndTheLikelyCause()
    {
        // An id past tiny-bert's 374-row embedding, fed directly (the extractor's up-front check would refuse the
        // tokenizer first), as a graph that fails only on some input would.
        ModelFolder model = ModelFolder.Load(TinyModels.Folder("tiny-bert"));
        using var session = new OnnxGraphSession(model.Encoder, [1], new ExtractionOptions());
        SentencePlan[] batch =
        [
            new() { SentenceId = 6, InputIds = [2, 500, 3], Words = [] },
            new() { SentenceId = 2, InputIds = [2, 10, 3], Words = [] },
        ];
        var e = Assert.Throws<MLNetConceptsException>(() => session.Run(batch, 0, (_, _, _) => { }));
        Assert.StartsWith($"{model.Folder}: ONNX Runtime failed on the encoder batch of the sentences on lines 3, 7 (", e.Message);
        Assert.Contains("likely cause: a token id or position past the graph's embedding tables", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
