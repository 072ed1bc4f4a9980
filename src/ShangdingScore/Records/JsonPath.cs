namespace ShangdingScore.Records;

/// <summary>Builds the JSON paths that rejections name (<c>$.recordedAt</c>, <c>$.events[1].type</c>, <c>$['odd key']</c>).</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class JsonPath
{
    public static string Property(string parent, string name)
    {
        bool plain = name.Length > 0 && !char.IsDigit(name[0]);
        foreach (char c in name)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_'))
            {
                plain = false;
                break;
            }
        }

        return plain ? $"{parent}.{name}" : $"{parent}['{name.Replace("\\", "\\\\").Replace("'", "\\'")}']";
    }

    /// <summary>
    /// The path of a property whose name is given as written in the line, escapes kept, because it
    /// does not decode to Unicode text: <c>$['\ud800']</c>. JSON's escapes are JSONPath's (RFC 9535),
    /// except that a quote needs none in a single-quoted name and an apostrophe does.
    /// </summary>
    public static string PropertyAsWritten(string parent, string escapedName) =>
        $"{parent}['{escapedName.Replace("\\\"", "\"").Replace("'", "\\'")}']";
}
