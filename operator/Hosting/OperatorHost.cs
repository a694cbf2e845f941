using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using SacOperator.Operator.Http;
using SacOperator.Operator.Logging;

namespace SacOperator.Operator.Hosting;

/// <summary>
/// Builds <c>sacop run</c>: a slim ASP.NET Core application (Kestrel, routing, nothing else) that
/// hosts the controllers and serves health, metrics and the API. Configuration sources are
/// cleared, so no appsettings file or environment variable changes its behaviour: everything
/// comes from <see cref="OperatorOptions"/> (an ASPNETCORE_URLS the builder sees is overridden
/// by <c>--listen</c>, with Kestrel's warning).
/// </summary>
public static class OperatorHost
{
    /// <param name="customize">Runs last, before the application is built (tests replace services here).</param>
    public static WebApplication Build(OperatorOptions options, Action<WebApplicationBuilder>? customize = null)
    {
        // The default appsettings sources reload on change through a recursive inotify watch of the
        // content root: run from $HOME or a checkout holding --home, every agent's runtime-file write
        // would wake the operator and spend inotify watches. No reload, and a root nothing writes to.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        ((IConfigurationBuilder)builder.Configuration).Sources.Clear();
        ConfigureLogging(builder.Logging, options);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddOperator(options);
        builder.AddOperatorHttp(options);
        customize?.Invoke(builder);

        var app = builder.Build();
        app.MapOperatorHttp(options);
        return app;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, OperatorOptions options)
    {
        logging.ClearProviders();
        if (options.LogFormat == "json")
        {
            logging.AddConsole(o => o.FormatterName = JsonLineFormatter.FormatterName)
                .AddConsoleFormatter<JsonLineFormatter, ConsoleFormatterOptions>(o => o.IncludeScopes = true);
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.IncludeScopes = false;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }

        logging.SetMinimumLevel(Enum.Parse<LogLevel>(options.LogLevel, ignoreCase: true));
        logging.AddFilter("Microsoft", LogLevel.Warning);
    }
}
