using System.Security.Cryptography;
using System.Text;

namespace MLNetConcepts.Models;

/// <summary>
/// A content hash of a model folder for saved pipelines: every file under the folder at any depth (see
/// <see cref="ModelFolderFiles"/>), path and contents, so a graph in a subfolder and external weights under any name
/// (ONNX's <c>location</c> need not start with the graph's name) are covered. Renaming a file changes the hash too.
/// </summary>
internal static class ModelFolderHash
{
    internal static string Of(ModelFolder model) => ModelFolderFiles.Hash(model.Folder);

    /// <summary>
    /// The hash versions before issue 22 saved: <c>model.json</c>, the tokenizer, the encoder's ONNX file and files named
    /// after it only. Kept so that loading such a pipeline says why it is refused instead of calling the folder changed.
    /// </summary>
    internal static string Legacy(ModelFolder model)
    {
        string folder = Path.GetFullPath(model.Folder);
        string onnxName = Path.GetFileName(model.OnnxPath);
        IEnumerable<string> externalWeights = Directory.EnumerateFiles(Path.GetDirectoryName(Path.GetFullPath(model.OnnxPath))!)
            .Where(f => Path.GetFileName(f) is { } name && name.StartsWith(onnxName, StringComparison.Ordinal) && name != onnxName);
        string[] files = new[] { model.DescriptionPath, model.TokenizerPath, model.OnnxPath }.Concat(externalWeights)
            .Select(Path.GetFullPath).Distinct().Order(StringComparer.Ordinal).ToArray();

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file) + "\n"));
            using FileStream stream = File.OpenRead(file);
            byte[] buffer = new byte[1 << 20];
            int read;
            while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
