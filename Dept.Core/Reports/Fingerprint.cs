using System.Security.Cryptography;
using System.Text;

namespace Dept.Core.Reports;

/// <summary>
/// A stable id for a cycle: SHA-256 over the cycle's class labels (<c>name:subId</c>) rotated to start at the
/// smallest label, so the same cycle gets the same id whichever edge closed it and in whichever run.
/// </summary>
public static class Fingerprint
{
    /// <summary>Computes the fingerprint of a cycle given its class labels in cycle order.</summary>
    public static string Of(IReadOnlyList<string> classLabels)
    {
        ArgumentNullException.ThrowIfNull(classLabels);
        if (classLabels.Count == 0)
        {
            throw new ArgumentException("A cycle has at least one class.", nameof(classLabels));
        }

        var start = 0;
        for (var i = 1; i < classLabels.Count; i++)
        {
            if (Compare(classLabels, i, start) < 0)
            {
                start = i;
            }
        }

        var sb = new StringBuilder();
        for (var i = 0; i < classLabels.Count; i++)
        {
            sb.Append(classLabels[(start + i) % classLabels.Count]).Append('\n');
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()));
        return "dept-" + Convert.ToHexStringLower(hash, 0, 8);
    }

    // Compares the rotations starting at a and b, so equal labels at the start do not make the choice arbitrary.
    private static int Compare(IReadOnlyList<string> labels, int a, int b)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            var c = string.CompareOrdinal(labels[(a + i) % labels.Count], labels[(b + i) % labels.Count]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }
}
