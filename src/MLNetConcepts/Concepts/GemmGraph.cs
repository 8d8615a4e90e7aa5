using System.Text;

namespace MLNetConcepts.Concepts;

/// <summary>
/// The bytes of a one-node ONNX model, <c>P = Gemm(X, C, transB = 1)</c>: for rows X [n, d] and centres C [k, d] it
/// gives every dot product X·Cᵀ [n, k], with n, k and d left symbolic so one session serves every block and K.
/// </summary>
/// <remarks>
/// Written here with a few lines of protobuf encoding (the fields of onnx.proto that a model needs: IR version, opset,
/// one node, typed inputs and output) rather than shipped as a file, so the graph is visible in the source.
/// </remarks>
internal static class GemmGraph
{
    public const string Rows = "X";
    public const string Centres = "C";
    public const string Products = "P";

    private const int FloatElementType = 1;   // TensorProto.DataType.FLOAT
    private const int IntAttributeType = 2;   // AttributeProto.AttributeType.INT

    public static byte[] Build()
    {
        var node = new ProtoWriter()
            .String(1, Rows).String(1, Centres)                           // NodeProto.input
            .String(2, Products)                                          // NodeProto.output
            .String(3, "row_centre_products")                             // NodeProto.name
            .String(4, "Gemm")                                            // NodeProto.op_type
            .Message(5, new ProtoWriter().String(1, "transB").Varint(3, 1).Varint(20, IntAttributeType)); // attribute
        var graph = new ProtoWriter()
            .Message(1, node)                                             // GraphProto.node
            .String(2, "mlnetconcepts_kmeans_products")                   // GraphProto.name
            .Message(11, Matrix(Rows, "n", "d"))                          // GraphProto.input
            .Message(11, Matrix(Centres, "k", "d"))
            .Message(12, Matrix(Products, "n", "k"));                     // GraphProto.output
        return new ProtoWriter()
            .Varint(1, 7)                                                 // ModelProto.ir_version
            .String(2, "MLNetConcepts")                                   // ModelProto.producer_name
            .Message(7, graph)                                            // ModelProto.graph
            .Message(8, new ProtoWriter().Varint(2, 13))                  // ModelProto.opset_import: default domain, opset 13
            .ToArray();
    }

    /// <summary>A ValueInfoProto for a float matrix with two symbolic dimensions.</summary>
    private static ProtoWriter Matrix(string name, string rows, string columns)
    {
        var shape = new ProtoWriter()
            .Message(1, new ProtoWriter().String(2, rows))                // TensorShapeProto.dim { dim_param }
            .Message(1, new ProtoWriter().String(2, columns));
        var tensor = new ProtoWriter().Varint(1, FloatElementType).Message(2, shape); // TypeProto.Tensor
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensor)); // ValueInfoProto
    }

    /// <summary>Just enough of the protobuf wire format: varint fields (type 0) and length-delimited ones (type 2).</summary>
    private sealed class ProtoWriter
    {
        private readonly MemoryStream _bytes = new();

        public ProtoWriter Varint(int field, long value)
        {
            WriteVarint((ulong)field << 3);
            WriteVarint((ulong)value);
            return this;
        }

        public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

        public byte[] ToArray() => _bytes.ToArray();

        private ProtoWriter Bytes(int field, byte[] value)
        {
            WriteVarint(((ulong)field << 3) | 2);
            WriteVarint((ulong)value.Length);
            _bytes.Write(value);
            return this;
        }

        private void WriteVarint(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            _bytes.WriteByte((byte)value);
        }
    }
}
