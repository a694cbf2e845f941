using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace SacOperator.Telemetry;

/// <summary>
/// Writes OpenTelemetry metrics in the Prometheus text exposition format, version 0.0.4: one
/// <c># HELP</c> and one <c># TYPE</c> line per family, then its samples. Monotonic sums become
/// counters (named with <c>_total</c>), gauges and non-monotonic sums gauges, explicit-bucket
/// histograms cumulative <c>_bucket{le}</c> series ending in <c>+Inf</c> plus <c>_sum</c> and
/// <c>_count</c>. Instrument names are used as they are (ours are already Prometheus names), only
/// made valid. Exponential histograms have no 0.0.4 form and are skipped; we create none.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Appends one metric family; a family without points is left out entirely.</summary>
    public static void Write(StringBuilder output, Metric metric)
    {
        var type = TypeOf(metric.MetricType);
        if (type is null)
        {
            return;
        }

        var name = MetricName(metric.Name, type);
        var headerWritten = false;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            if (!headerWritten)
            {
                WriteHeader(output, name, type, metric.Description);
                headerWritten = true;
            }

            switch (metric.MetricType)
            {
                case MetricType.Histogram:
                    WriteHistogram(output, name, point);
                    break;
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    WriteSample(output, name, point.Tags, null, point.GetSumLong());
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    WriteSample(output, name, point.Tags, null, point.GetSumDouble());
                    break;
                case MetricType.LongGauge:
                    WriteSample(output, name, point.Tags, null, point.GetGaugeLastValueLong());
                    break;
                case MetricType.DoubleGauge:
                    WriteSample(output, name, point.Tags, null, point.GetGaugeLastValueDouble());
                    break;
            }
        }
    }

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value) =>
        value.AsSpan().IndexOfAny('\\', '"', '\n') < 0
            ? value
            : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Escapes HELP text: backslash and line feed (quotes stay as they are).</summary>
    public static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Formats a sample value or bucket bound the way Prometheus parses it (<c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, shortest round-trip otherwise).</summary>
    public static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e'),
    };

    /// <summary>Makes <paramref name="name"/> match <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c> (colons allowed in metric names only).</summary>
    public static string SanitizeName(string name, bool allowColon)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            builder.Append(valid ? c : '_');
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    private static string? TypeOf(MetricType type) => type switch
    {
        MetricType.LongSum or MetricType.DoubleSum => "counter",
        MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => "gauge",
        MetricType.Histogram => "histogram",
        _ => null,
    };

    private static string MetricName(string instrument, string type)
    {
        var name = SanitizeName(instrument, allowColon: true);
        return type == "counter" && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    private static void WriteHeader(StringBuilder output, string name, string type, string? description)
    {
        if (!string.IsNullOrEmpty(description))
        {
            output.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(description)).Append('\n');
        }

        output.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    private static void WriteHistogram(StringBuilder output, string name, in MetricPoint point)
    {
        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            WriteSample(output, name + "_bucket", point.Tags, FormatDouble(bucket.ExplicitBound), cumulative);
        }

        WriteSample(output, name + "_sum", point.Tags, null, point.GetHistogramSum());
        WriteSample(output, name + "_count", point.Tags, null, point.GetHistogramCount());
    }

    private static void WriteSample(StringBuilder output, string name, ReadOnlyTagCollection tags, string? le, long value)
    {
        WriteSeries(output, name, tags, le);
        output.Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static void WriteSample(StringBuilder output, string name, ReadOnlyTagCollection tags, string? le, double value)
    {
        WriteSeries(output, name, tags, le);
        output.Append(FormatDouble(value)).Append('\n');
    }

    private static void WriteSeries(StringBuilder output, string name, ReadOnlyTagCollection tags, string? le)
    {
        output.Append(name);
        if (tags.Count == 0 && le is null)
        {
            output.Append(' ');
            return;
        }

        output.Append('{');
        var first = true;
        foreach (var tag in tags)
        {
            if (!first)
            {
                output.Append(',');
            }

            first = false;
            output.Append(SanitizeName(tag.Key, allowColon: false)).Append("=\"").Append(EscapeLabelValue(LabelValue(tag.Value))).Append('"');
        }

        if (le is not null)
        {
            output.Append(first ? "" : ",").Append("le=\"").Append(le).Append('"');
        }

        output.Append("} ");
    }

    private static string LabelValue(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
