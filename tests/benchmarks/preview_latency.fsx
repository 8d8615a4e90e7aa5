// Times Preview(10) of the word-activations view on the demo's 2,000 English sentences (demo-base, layer 6), with the
// default sort window (64 batches, grown from one) and a window of one batch. Issue 25 measured 9.1 s before the window
// grew. Build the tests first: dotnet build tests/MLNetConcepts.Tests -c Release; then dotnet fsi tests/benchmarks/preview_latency.fsx
#I "../MLNetConcepts.Tests/bin/Release/net10.0"
#r "Microsoft.ML.Core.dll"
#r "Microsoft.ML.Data.dll"
#r "Microsoft.ML.DataView.dll"
#r "Microsoft.ML.OnnxRuntime.dll"
#r "MLNetConcepts.dll"
open System
open System.IO
open System.Runtime.InteropServices
open Microsoft.ML
open Microsoft.ML.Data
open MLNetConcepts.Extraction
let repo = Path.GetFullPath(Path.Combine(__SOURCE_DIRECTORY__, "../.."))
let bin = Path.Combine(repo, "tests/MLNetConcepts.Tests/bin/Release/net10.0")
NativeLibrary.SetDllImportResolver(typeof<Microsoft.ML.OnnxRuntime.InferenceSession>.Assembly,
    DllImportResolver(fun name _ _ ->
        if name = "onnxruntime" then NativeLibrary.Load(Path.Combine(bin, "runtimes/linux-x64/native/libonnxruntime.so")) else IntPtr.Zero))
type Sentence() = member val Text = "" with get, set
let ml = MLContext(seed = 1)
let sentences =
    File.ReadLines(Path.Combine(repo, "examples/data/en-de.en")) |> Seq.map (fun t -> Sentence(Text = t)) |> Array.ofSeq
let view = ml.Data.LoadFromEnumerable sentences
for windowBatches in [64; 1] do
    let watch = Diagnostics.Stopwatch.StartNew()
    let fitted =
        WordActivationsEstimator(ml, WordActivationsEstimator.Options(ModelFolder = Path.Combine(repo, "models/demo-base"), Language = "en",
            Extraction = ExtractionOptions(Layers = [| 6 |], SortWindowBatches = windowBatches))).Fit(view)
    let fitMs = watch.ElapsedMilliseconds
    watch.Restart()
    let preview = fitted.Transform(view).Preview(10)
    let previewMs = watch.ElapsedMilliseconds
    // Before the window grew, the first row waited for the first whole window: here 2,048 sentences, the whole file.
    watch.Restart()
    let rows = fitted.Transform(view).GetColumn<int>("word_index") |> Seq.length
    printfn "%d sentences, window %d batches: Fit %d ms, Preview(10) %d ms (%d rows); whole view %d ms (%d rows)" sentences.Length windowBatches fitMs previewMs preview.RowView.Length watch.ElapsedMilliseconds rows
