// Measures mlContext.Model save and load of Extract -> Filter -> KMeans on the embedded sample, and checks that
// the loaded chain predicts the same clusters. Build the tests first (they carry every dependency):
//   dotnet build tests/MLNetConcepts.Tests -c Release
//   dotnet fsi examples/SaveLoad/measure.fsx [model folder] [layer] [sentences]
#I "../../tests/MLNetConcepts.Tests/bin/Release/net10.0"
#r "Microsoft.ML.Core.dll"
#r "Microsoft.ML.Data.dll"
#r "Microsoft.ML.DataView.dll"
#r "Microsoft.ML.KMeansClustering.dll"
#r "Microsoft.ML.StandardTrainers.dll"
#r "Microsoft.ML.OnnxRuntime.dll"
#r "MLNetConcepts.dll"
open System
open System.IO
open System.Runtime.InteropServices
open Microsoft.ML
open MLNetConcepts.Concepts
open MLNetConcepts.Extraction

let args = fsi.CommandLineArgs |> Array.skip 1
let repo = Path.GetFullPath(Path.Combine(__SOURCE_DIRECTORY__, "../.."))
let modelFolder = if args.Length > 0 then Path.GetFullPath args.[0] else Path.Combine(repo, "models/demo-base")
let layer = if args.Length > 1 then int args.[1] else 6
let count = if args.Length > 2 then int args.[2] else 200
let bin = Path.Combine(repo, "tests/MLNetConcepts.Tests/bin/Release/net10.0")
// fsi does not probe the application's runtimes/ folder for ONNX Runtime's native library; point it there.
NativeLibrary.SetDllImportResolver(typeof<Microsoft.ML.OnnxRuntime.InferenceSession>.Assembly,
    DllImportResolver(fun name _ _ ->
        if name = "onnxruntime" then NativeLibrary.Load(Path.Combine(bin, "runtimes/linux-x64/native/libonnxruntime.so")) else IntPtr.Zero))

type Sentence() = member val Text = "" with get, set

let ml = MLContext(seed = 1)
let sentences =
    File.ReadLines(Path.Combine(repo, "examples/data/en-de.en")) |> Seq.truncate count
    |> Seq.map (fun t -> Sentence(Text = t)) |> Array.ofSeq |> ml.Data.LoadFromEnumerable
let extraction =
    WordActivationsEstimator(ml, WordActivationsOptions(ModelFolder = modelFolder, Language = "en",
        Extraction = ExtractionOptions(Layers = [| layer |], IntraOpThreads = 1)))
let pipeline =
    extraction.AppendCacheCheckpoint(ml).Append(FrequencyFilterEstimator(ml))
        .Append(ml.Clustering.Trainers.KMeans($"layer_{layer}", numberOfClusters = 20))
let fitted = pipeline.Fit(sentences)

let zip = Path.Combine(Path.GetTempPath(), $"mlnc-save-load-{Guid.NewGuid():N}.zip")
try
    let watch = Diagnostics.Stopwatch.StartNew()
    ml.Model.Save(fitted, sentences.Schema, zip)
    let saveMs = watch.ElapsedMilliseconds
    let fresh = MLContext()
    fresh.ComponentCatalog.RegisterMLNetConcepts() |> ignore
    watch.Restart()
    let loaded, _ = fresh.Model.Load(zip)
    let loadMs = watch.ElapsedMilliseconds
    let labels (view: IDataView) = Microsoft.ML.Data.ColumnCursorExtensions.GetColumn<uint32>(view, "PredictedLabel") |> Array.ofSeq
    let before, after = labels (fitted.Transform sentences), labels (loaded.Transform sentences)
    printfn "model %s, layer %d, %d sentences: save %d ms, load %d ms, zip %d bytes; %d word rows, same clusters: %b"
        modelFolder layer count saveMs loadMs (FileInfo(zip).Length) before.Length (before = after)
finally
    File.Delete zip
