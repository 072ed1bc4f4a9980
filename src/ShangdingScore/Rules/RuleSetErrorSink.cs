using System.Collections.Immutable;
using ShangdingScore.Packaging;

namespace ShangdingScore.Rules;

/// <summary>
/// The errors of one rule-set load, shared by the JSON reader and the validator: the first
/// <see cref="JsonLoadOptions.MaxErrors"/> listed, the rest counted, and the paths that failed while reading,
/// so that nothing is reported again inside (or around) a value already reported.
/// </summary>
/// <remarks>
/// Every check costs O(depth of the path), not O(errors so far): each failed path and each of its ancestors is
/// kept in a hash set, so a document with a million bad properties is reported in linear time.
/// </remarks>
internal sealed class RuleSetErrorSink
{
    private readonly List<RuleSetError> _errors = new();
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failedOrAncestor = new(StringComparer.Ordinal);
    private readonly int _maxErrors;
    private int _more;

    public RuleSetErrorSink(int maxErrors) => _maxErrors = maxErrors;

    /// <summary>Hash-set lookups made so far: the work of error collection, which tests check grows linearly.</summary>
    internal long Probes { get; private set; }

    /// <summary>Whether any error was found (listed or counted).</summary>
    public bool Any => _errors.Count > 0 || _more > 0;

    /// <summary>A reading error: kept unless a value around <paramref name="path"/> already failed; its path is marked failed.</summary>
    public void ReadFailed(string path, string code, string message)
    {
        if (FailedAround(path, includeSelf: false)) return;
        Add(new RuleSetError(path, code, message));
        if (_failed.Add(path))
        {
            _failedOrAncestor.Add(path);
            foreach (var ancestor in Ancestors(path))
            {
                Probes++;
                _failedOrAncestor.Add(ancestor);
            }
        }
    }

    /// <summary>A validation error: kept unless reading already failed at, around or inside <paramref name="path"/>.</summary>
    public void Invalid(string path, string code, string message)
    {
        if (!Failed(path)) Add(new RuleSetError(path, code, message));
    }

    /// <summary>An error kept as it is (band gaps and overlaps).</summary>
    public void Add(RuleSetError error)
    {
        if (_errors.Count < _maxErrors) _errors.Add(error);
        else _more++;
    }

    /// <summary>Whether reading failed at <paramref name="path"/>, at a value around it, or at a value inside it.</summary>
    public bool Failed(string path)
    {
        Probes++;
        return _failedOrAncestor.Contains(path) || FailedAround(path, includeSelf: true);
    }

    /// <summary>The errors in the order found, and a last <c>too-many-errors</c> one counting those not listed.</summary>
    public ImmutableArray<RuleSetError> ToImmutable()
    {
        var builder = ImmutableArray.CreateBuilder<RuleSetError>(_errors.Count + 1);
        builder.AddRange(_errors);
        if (_more > 0)
        {
            var p = JsonDocumentLoading.TooManyErrors(_errors.Count, _more);
            builder.Add(new RuleSetError(p.Path, RuleSetErrorCodes.TooManyErrors, p.Message));
        }

        return builder.ToImmutable();
    }

    private bool FailedAround(string path, bool includeSelf)
    {
        if (_failed.Count == 0) return false;
        Probes++;
        if (includeSelf && _failed.Contains(path)) return true;
        foreach (var ancestor in Ancestors(path))
        {
            Probes++;
            if (_failed.Contains(ancestor)) return true;
        }

        return false;
    }

    /// <summary>The proper prefixes of <paramref name="path"/> that end before a <c>.</c> or <c>[</c>: <c>$.a[1].b</c> → <c>$.a[1]</c>, <c>$.a</c>, <c>$</c>.</summary>
    private static IEnumerable<string> Ancestors(string path)
    {
        for (int i = path.Length - 1; i > 0; i--)
        {
            if (path[i] == '.' || path[i] == '[') yield return path.Substring(0, i);
        }
    }
}
