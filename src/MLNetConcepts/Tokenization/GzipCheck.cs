using System.IO.Compression;

namespace MLNetConcepts.Tokenization;

/// <summary>
/// Decompresses a gzip stream and checks, once it is read to the end, that it ended where the gzip trailer says:
/// the CRC-32 and length (mod 2^32) of everything decompressed must match the last 8 bytes of the file.
/// .NET's <see cref="GZipStream"/> does not do this, so a file cut short would otherwise read as a shorter one.
/// </summary>
/// <remarks>
/// Several gzip members joined into one file (as <c>bgzip</c> writes) decompress fine but carry one trailer per
/// member; only the last is at the end, so such files fail the check and the message says to decompress them first.
/// </remarks>
internal sealed class GzipCheck : Stream
{
    private readonly TailStream _raw;
    private readonly GZipStream _gzip;
    private uint _crc = 0xFFFFFFFF;
    private long _length;
    private bool _ended;

    public GzipCheck(Stream compressed)
    {
        _raw = new TailStream(compressed);
        _gzip = new GZipStream(_raw, CompressionMode.Decompress);
    }

    /// <summary>Null when the stream was read to its end and matches its trailer; otherwise what is wrong.</summary>
    public string? Problem()
    {
        if (!_ended) return "not read to its end";
        byte[] tail = _raw.Tail;
        if (tail.Length < 8) return "too short to be gzip";
        uint crc = BitConverter.ToUInt32(tail, 0), size = BitConverter.ToUInt32(tail, 4);
        uint actual = ~_crc;
        if (crc == actual && size == unchecked((uint)_length)) return null;
        return $"gzip check failed: {_length} bytes decompressed (CRC-32 {actual:x8}), the trailer says {size} bytes (CRC-32 {crc:x8}); " +
               "it was cut short or damaged (a file of several joined gzip streams also fails this: decompress it first)";
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = _gzip.Read(buffer);
        if (read == 0 && buffer.Length > 0) _ended = true;
        _crc = Crc32.Update(_crc, buffer[..read]);
        _length += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Passes a stream through and remembers its last 8 bytes (the gzip trailer once the stream ends).</summary>
    private sealed class TailStream(Stream inner) : Stream
    {
        private readonly byte[] _tail = new byte[8];
        private int _filled;

        public byte[] Tail => _tail[..Math.Min(_filled, 8)];

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read = inner.Read(buffer);
            ReadOnlySpan<byte> got = buffer[..read];
            if (got.Length >= 8)
            {
                got[^8..].CopyTo(_tail);
                _filled = 8;
            }
            else if (got.Length > 0)
            {
                // Shift the kept bytes left and append the new ones.
                int keep = Math.Min(_filled, 8 - got.Length);
                Array.Copy(_tail, Math.Min(_filled, 8) - keep, _tail, 0, keep);
                got.CopyTo(_tail.AsSpan(keep));
                _filled = keep + got.Length;
            }
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as gzip uses; table-driven, one byte per step.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    /// <summary>Continues a running CRC (start with 0xFFFFFFFF; the final value is its complement).</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }
}
