// The fitted frequency filter on the demo's English sentences (demo-base, layer 0): on its training view it keeps exactly
// what FrequencyFilter.Select (analyze's rule) keeps; fitted on the first half and applied to the second half (whose
// sentence ids start at 0 again) it keeps learned types only, at most 10 each, where the earlier rule kept positions.
// Build the tests first (they carry every dependency):
//   dotnet build tests/MLNetConcepts.Tests -c Release
//   dotnet fsi tests/benchmarks/filter_on_new_data.fsx
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
open MLNetConcepts.Concepts
let repo = Path.GetFullPath(Path.Combine(__SOURCE_DIRECTORY__, "../.."))
let bin = Path.Combine(repo, "tests/MLNetConcepts.Tests/bin/Release/net10.0")
NativeLibrary.SetDllImportResolver(typeof<Microsoft.ML.OnnxRuntime.InferenceSession>.Assembly,
    DllImportResolver(fun name _ _ ->
        if name = "onnxruntime" then NativeLibrary.Load(Path.Combine(bin, "runtimes/linux-x64/native/libonnxruntime.so")) else IntPtr.Zero))
type Sentence() = member val Text = "" with get, set
let ml = MLContext(seed = 1)
let lines = File.ReadAllLines(Path.Combine(repo, "examples/data/en-de.en"))
let view (texts: string[]) = ml.Data.LoadFromEnumerable(texts |> Array.map (fun t -> Sentence(Text = t)))
let extraction = ml.Transforms.ExtractWordActivations(Path.Combine(repo, "models/demo-base"), "en", layers = [| 0 |])
let words (texts: string[]) = let v = view texts in ml.Data.Cache(extraction.Fit(v).Transform(v))
let keys (data: IDataView) =
    Seq.zip3 (data.GetColumn<int64>("sentence_id")) (data.GetColumn<int>("word_index")) (data.GetColumn<ReadOnlyMemory<char>>("word") |> Seq.map string) |> Array.ofSeq
let all = words lines
let filter = ml.Transforms.FilterWordsByFrequency().Fit(all)
let kept = keys (filter.Transform all)
let occurrences = keys all |> Array.map (fun (s, i, w) -> WordOccurrence("en", s, i, w))
let selection = FrequencyFilter.Select(occurrences)
let selected = occurrences |> Array.filter (fun o -> selection.IsKept(o.Language, o.SentenceId, o.WordIndex)) |> Array.map (fun o -> (o.SentenceId, o.WordIndex, o.Word))
printfn "training view: %d words, transformer keeps %d, Select keeps %d, same set: %b" occurrences.Length kept.Length selected.Length (Set.ofArray kept = Set.ofArray selected)
let half = lines.Length / 2
let first = words lines.[.. half - 1]
let second = words lines.[half ..]
let fitted = ml.Transforms.FilterWordsByFrequency().Fit(first)
let unseen = keys (fitted.Transform second)
let learned = unseen |> Array.forall (fun (_, _, w) -> fitted.KeptTypes.Contains("en", w))
let maxPerType = unseen |> Array.countBy (fun (_, _, w) -> w) |> Array.map snd |> Array.max
let secondWords = keys second
let knownInSecond = secondWords |> Array.filter (fun (_, _, w) -> fitted.KeptTypes.Contains("en", w)) |> Array.distinctBy (fun (_, _, w) -> w) |> Array.length
let typesKept = unseen |> Array.distinctBy (fun (_, _, w) -> w) |> Array.length
printfn "fitted on %d sentences (%d types kept), applied to the other %d (%d words): keeps %d words of %d types, all learned types: %b, at most %d per type; learned types present there: %d" half fitted.KeptTypes.Count (lines.Length - half) secondWords.Length unseen.Length typesKept learned maxPerType knownInSecond
// What the earlier rule (the training corpus's kept positions) would have kept on the second half.
let firstOccurrences = keys first |> Array.map (fun (s, i, w) -> WordOccurrence("en", s, i, w))
let firstSelection = FrequencyFilter.Select(firstOccurrences)
let byPosition = secondWords |> Array.filter (fun (s, i, _) -> firstSelection.IsKept("en", s, i))
let wrongType = byPosition |> Array.filter (fun (_, _, w) -> not (fitted.KeptTypes.Contains("en", w))) |> Array.length
printfn "earlier rule (kept training positions) on the other half: %d words kept, %d of them not a learned type, %d types" byPosition.Length wrongType (byPosition |> Array.distinctBy (fun (_, _, w) -> w) |> Array.length)
