using System.Security.Cryptography;
using System.Text;

namespace MLNetConcepts.Models;

/// <summary>
/// A content hash of the files the encoder extraction reads from a model folder: <c>model.json</c>, the tokenizer
/// file, the encoder's ONNX file and any file named after it (ONNX external weights such as <c>model.onnx.data</c>).
/// Names are hashed with contents, so renaming a file changes the hash too.
/// </summary>
internal static class ModelFolderHash
{
    internal static string Of(ModelFolder model)
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
