using System.Text;

namespace SacOperator.Operator.Transcript;

/// <summary>
/// Writes complete lines to <paramref name="inner"/> rendered by <see cref="TranscriptLine"/>; a
/// partial last line waits for its newline (or <see cref="Complete"/>), so following works unchanged.
/// </summary>
public sealed class RenderingStream(Stream inner) : Stream
{
    private readonly MemoryStream _partial = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        var end = offset + count;
        for (var newline = Array.IndexOf(buffer, (byte)'\n', offset, count); newline >= 0; newline = Array.IndexOf(buffer, (byte)'\n', offset, end - offset))
        {
            _partial.Write(buffer, offset, newline - offset);
            Emit();
            offset = newline + 1;
        }

        _partial.Write(buffer, offset, end - offset);
    }

    /// <summary>Renders a last line that has no newline (the end of a finished read).</summary>
    public void Complete()
    {
        if (_partial.Length > 0)
        {
            Emit();
        }
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Emit()
    {
        var line = Encoding.UTF8.GetString(_partial.GetBuffer(), 0, (int)_partial.Length);
        _partial.SetLength(0);
        var rendered = Encoding.UTF8.GetBytes(TranscriptLine.Render(line) + "\n");
        inner.Write(rendered, 0, rendered.Length);
    }
}
