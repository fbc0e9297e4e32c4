using McpConsole.Core.Fleet.Import;

namespace McpConsole.Core.Tests.Fleet.Import;

public class MalformedJsonImportTests
{
    [Fact]
    public void Parse_EmptyText_SaysFileIsEmpty()
    {
        ImportAssert.FailsAt("", 1, "the file is empty");
    }

    [Fact]
    public void Parse_WhitespaceOnly_SaysFileIsEmpty()
    {
        ImportAssert.FailsAt("  \n \n", 1, "the file is empty");
    }

    [Fact]
    public void Parse_TopLevelArray_IsRefused()
    {
        ImportAssert.FailsAt("[1, 2]", 1, "expected a JSON object at the top level");
    }

    [Fact]
    public void Parse_UnrecognisedObject_ListsKnownFormats()
    {
        var error = ImportAssert.Fails("""{"whatever": {}}""");

        Assert.Equal(1, error.Line);
        Assert.StartsWith("unrecognised format: expected 'mcpServers' (Claude Desktop, Cursor), 'servers' (VS Code)", error.Reason);
    }

    [Fact]
    public void Parse_MissingColon_ReportsLineAndColumn()
    {
        var error = ImportAssert.Fails("""
            {
              "mcpServers" {
              }
            }
            """);

        Assert.Equal(new ImportError(2, 16, "expected ':' after the property name"), error);
    }

    [Fact]
    public void Parse_UnquotedPropertyName_IsExplained()
    {
        ImportAssert.FailsAt("""
            {
              "mcpServers": {
                db: {"command": "x"}
              }
            }
            """, 3, "expected a property name in double quotes");
    }

    [Fact]
    public void Parse_MissingValue_SaysWhatWasFound()
    {
        ImportAssert.FailsAt("""
            {
              "mcpServers": {
                "db": {"command": }
              }
            }
            """, 3, "expected a value but found '}'");
    }

    [Fact]
    public void Parse_UnterminatedString_IsExplained()
    {
        ImportAssert.FailsAt("""
            {
              "mcpServers": {
                "db": {"command": "npx
                }
              }
            }
            """, 3, "line break or control character inside a string (write it as an escape such as \\n)");
    }

    [Fact]
    public void Parse_StringRunningToEndOfFile_SaysUnterminated()
    {
        ImportAssert.FailsAt("{\n\"mcpServers\": {\"db\": {\"command\": \"npx", 2, "unterminated string (missing closing '\"')");
    }

    [Fact]
    public void Parse_TruncatedFile_SaysUnexpectedEnd()
    {
        ImportAssert.FailsAt("""
            {
              "mcpServers": {
                "db": {"command": "npx"}
            """, 3, "unexpected end of file: expected ',' or '}'");
    }

    [Fact]
    public void Parse_TruncatedInsideArray_SaysArrayCloser()
    {
        var error = ImportAssert.Fails("{\"mcpServers\": {\"db\": {\"command\": \"npx\", \"args\": [\"a\"");

        Assert.Equal("unexpected end of file: expected ',' or ']'", error.Reason);
    }

    [Fact]
    public void Parse_ExtraClosingBrace_SaysContentAfterEnd()
    {
        ImportAssert.FailsAt("""
            {"mcpServers": {}}
            }
            """, 2, "unexpected content after the end of the JSON document");
    }

    [Fact]
    public void Parse_MismatchedBracket_IsExplained()
    {
        ImportAssert.FailsAt("""{"mcpServers": {"a": {"command": "x"]}}""", 1, "']' has no matching opening bracket");
    }

    [Fact]
    public void Parse_BadLiteral_IsExplained()
    {
        ImportAssert.FailsAt("""{"mcpServers": {"a": {"command": "x", "disabled": tru}}}""", 1, "invalid literal (expected true, false or null)");
    }

    [Fact]
    public void Parse_BadEscape_IsExplained()
    {
        ImportAssert.FailsAt("""{"mcpServers": {"a": {"command": "C:\path"}}}""", 1, "invalid escape sequence in a string");
    }

    [Fact]
    public void Parse_LeadingZeroNumber_IsInvalidNumber()
    {
        ImportAssert.FailsAt("""{"mcpServers": {"a": {"command": "x", "args": [01]}}}""", 1, "invalid number");
    }

    [Fact]
    public void Parse_DeeplyNestedDocument_IsRefused()
    {
        var json = "{\"mcpServers\": " + new string('[', 100) + new string(']', 100) + "}";

        Assert.Equal("the document is nested too deeply", ImportAssert.Fails(json).Reason);
    }

    [Fact]
    public void Parse_CrLfLineEndings_CountLinesTheSame()
    {
        var json = "{\r\n  \"mcpServers\": {\r\n    \"a\": {\"command\": \"x\"}\r\n    \"b\": {}\r\n  }\r\n}";

        ImportAssert.FailsAt(json, 4, "expected ',' or '}'");
    }

    [Fact]
    public void Parse_ByteOrderMark_IsIgnored()
    {
        var servers = ImportAssert.Parses("\uFEFF{\"mcpServers\": {\"a\": {\"command\": \"x\"}}}", ImportFormat.McpServers);

        Assert.Single(servers);
    }

    [Fact]
    public void Parse_NonAsciiBeforeError_ColumnCountsCharactersNotBytes()
    {
        var error = ImportAssert.Fails("{\"mcpServers\": {\"é\": {\"command\": \"x\"} \"b\": {}}}");

        Assert.Equal(1, error.Line);
        Assert.Equal(39, error.Column);
    }

    [Fact]
    public void Parse_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ServerImport.Parse(null!));
    }
}
