using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SacOperator.Telemetry;

namespace SacOperator.Operator.Http;

/// <summary><c>/healthz</c>, <c>/readyz</c> (never authenticated) and <c>/metrics</c> (authenticated only with <c>--metrics-auth</c>).</summary>
public static class HealthEndpoints
{
    /// <summary>Longest a scrape may take collecting before it fails with 503.</summary>
    public static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(10);

    public static void Map(WebApplication app)
    {
        // Alive as long as the process answers: a restart would not fix anything slower.
        app.MapGet("/healthz", () => HttpJson.Result(new JsonObject { ["status"] = "ok" }));

        app.MapGet("/readyz", (ReadinessCheck readiness) =>
        {
            var report = readiness.Check();
            if (report.Ready)
            {
                return HttpJson.Result(new JsonObject { ["status"] = "ready", ["checks"] = report.ChecksJson() });
            }

            var body = ApiError.For(StatusCodes.Status503ServiceUnavailable, report.Reason).ToJson();
            body["error"] = "NotReady";
            body["checks"] = report.ChecksJson();
            return HttpJson.Result(body, StatusCodes.Status503ServiceUnavailable);
        });

        app.MapGet("/metrics", (PrometheusScrapeReader reader) =>
            reader.Scrape(ScrapeTimeout) is { } text
                ? Results.Text(text, PrometheusText.ContentType)
                : ApiError.Result(StatusCodes.Status503ServiceUnavailable, "metrics could not be collected in time"));
    }
}
