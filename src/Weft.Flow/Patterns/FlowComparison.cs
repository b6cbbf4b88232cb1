using System.Collections;

namespace Weft.Flow;

// Python-like comparisons for Cmp and Choice: numbers compare by value across numeric types, sequences compare
// element by element (lexicographically), "in" looks into strings, dictionaries (keys) and sequences.
internal static class FlowComparison
{
    public static bool IsKnownOperator(string op) => op is "==" or "eq" or ">" or "gt" or ">=" or "gte" or "<" or "lt" or "<=" or "lte" or "in";

    public static bool Evaluate(object? a, object? b, string op) => op switch
    {
        "==" or "eq" => AreEqual(a, b),
        ">" or "gt" => Compare(a, b) > 0,
        ">=" or "gte" => Compare(a, b) >= 0,
        "<" or "lt" => Compare(a, b) < 0,
        "<=" or "lte" => Compare(a, b) <= 0,
        "in" => Contains(a, b),
        _ => throw new ArgumentException($"Unknown comparison operator '{op}'.", nameof(op)),
    };

    public static bool AreEqual(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (IsNumber(a) && IsNumber(b))
        {
            return CompareNumbers(a, b) == 0;
        }

        if (a is string || b is string)
        {
            return a.Equals(b);
        }

        if (a is IEnumerable left && b is IEnumerable right)
        {
            var l = left.GetEnumerator();
            var r = right.GetEnumerator();
            while (true)
            {
                var hasLeft = l.MoveNext();
                var hasRight = r.MoveNext();
                if (hasLeft != hasRight)
                {
                    return false;
                }

                if (!hasLeft)
                {
                    return true;
                }

                if (!AreEqual(l.Current, r.Current))
                {
                    return false;
                }
            }
        }

        return a.Equals(b);
    }

    public static int Compare(object? a, object? b)
    {
        if (a is null || b is null)
        {
            throw new ArgumentException($"Cannot order {Describe(a)} and {Describe(b)}.");
        }

        if (IsNumber(a) && IsNumber(b))
        {
            return CompareNumbers(a, b);
        }

        if (a is string sa && b is string sb)
        {
            return string.CompareOrdinal(sa, sb);
        }

        if (a is IEnumerable left && b is IEnumerable right && a is not string && b is not string)
        {
            var l = left.GetEnumerator();
            var r = right.GetEnumerator();
            while (true)
            {
                var hasLeft = l.MoveNext();
                var hasRight = r.MoveNext();
                if (!hasLeft || !hasRight)
                {
                    return hasLeft.CompareTo(hasRight);
                }

                var order = Compare(l.Current, r.Current);
                if (order != 0)
                {
                    return order;
                }
            }
        }

        if (a.GetType() == b.GetType() && a is IComparable comparable)
        {
            return comparable.CompareTo(b);
        }

        throw new ArgumentException($"Cannot order {Describe(a)} and {Describe(b)}.");
    }

    // Python's "b in a".
    public static bool Contains(object? a, object? b)
    {
        switch (a)
        {
            case string text when b is string part:
                return text.Contains(part, StringComparison.Ordinal);
            case string text when b is char c:
                return text.Contains(c, StringComparison.Ordinal);
            case IDictionary dictionary when b is not null:
                return dictionary.Contains(b);
            case IEnumerable items and not string:
                foreach (var item in items)
                {
                    if (AreEqual(item, b))
                    {
                        return true;
                    }
                }

                return false;
            default:
                throw new ArgumentException($"Cannot look for {Describe(b)} in {Describe(a)}.");
        }
    }

    private static bool IsNumber(object value) => value is sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal;

    // Integers compare exactly as decimals; as soon as one side is floating point both compare as doubles.
    private static int CompareNumbers(object a, object b)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (a is float or double || b is float or double)
        {
            return Convert.ToDouble(a, invariant).CompareTo(Convert.ToDouble(b, invariant));
        }

        return Convert.ToDecimal(a, invariant).CompareTo(Convert.ToDecimal(b, invariant));
    }

    private static string Describe(object? value) => value is null ? "null" : $"{value} ({value.GetType().Name})";
}
