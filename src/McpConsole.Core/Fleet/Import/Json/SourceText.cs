using System.Text;

namespace McpConsole.Core.Fleet.Import.Json;

/// <summary>The UTF-8 bytes of the imported text and where each line starts, to turn byte offsets into lines and columns.</summary>
internal sealed class SourceText
{
    private readonly List<int> _lineStarts = [0];

    public SourceText(string text)
    {
        Bytes = Encoding.UTF8.GetBytes(text.StartsWith('\uFEFF') ? text[1..] : text);
        for (var i = 0; i < Bytes.Length; i++)
        {
            if (Bytes[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public byte[] Bytes { get; }

    public SourcePosition PositionOf(long byteOffset)
    {
        var offset = (int)Math.Clamp(byteOffset, 0, Bytes.Length);
        var index = _lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return new SourcePosition(line + 1, ColumnOf(line, offset - _lineStarts[line]));
    }

    /// <summary>Position from the reader's 0-based line number and byte position in that line.</summary>
    public SourcePosition PositionOf(long lineNumber, long bytePositionInLine)
    {
        var line = (int)Math.Clamp(lineNumber, 0, _lineStarts.Count - 1);
        var available = Bytes.Length - _lineStarts[line];
        return new SourcePosition(line + 1, ColumnOf(line, (int)Math.Clamp(bytePositionInLine, 0, available)));
    }

    public long OffsetOf(long lineNumber, long bytePositionInLine)
    {
        var line = (int)Math.Clamp(lineNumber, 0, _lineStarts.Count - 1);
        return _lineStarts[line] + bytePositionInLine;
    }

    /// <summary>True when only whitespace follows this byte offset.</summary>
    public bool IsAtEnd(long byteOffset)
    {
        for (var i = (int)Math.Max(byteOffset, 0); i < Bytes.Length; i++)
        {
            if (Bytes[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private int ColumnOf(int line, int byteCountInLine) =>
        Encoding.UTF8.GetCharCount(Bytes, _lineStarts[line], byteCountInLine) + 1;
}
