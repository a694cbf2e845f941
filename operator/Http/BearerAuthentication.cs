using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SacOperator.Operator.Http;

/// <summary>
/// Guards <c>/api/</c> (and <c>/metrics</c> with <c>--metrics-auth</c>) with the bearer token, before
/// routing decides anything, so an unauthenticated caller learns nothing about which routes exist.
/// No token: 401 with <c>WWW-Authenticate: Bearer</c>. A wrong token: 403. As sac's control plane.
/// </summary>
public sealed class BearerAuthentication(RequestDelegate next, ApiToken token, bool metricsAuth)
{
    public const string Realm = "sacop";

    public Task InvokeAsync(HttpContext context)
    {
        if (!Guarded(context.Request.Path, metricsAuth))
        {
            return next(context);
        }

        if (!TryGetBearer(context.Request.Headers.Authorization, out var presented))
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = $"Bearer realm=\"{Realm}\"";
            return ApiError.WriteAsync(context, StatusCodes.Status401Unauthorized,
                "this endpoint needs the header 'Authorization: Bearer <token>'; the token is in the operator's home, in the file 'token'");
        }

        if (!token.Matches(presented))
        {
            return ApiError.WriteAsync(context, StatusCodes.Status403Forbidden, "the bearer token does not match the operator's token");
        }

        return next(context);
    }

    public static bool Guarded(PathString path, bool metricsAuth) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || (metricsAuth && path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase));

    private static bool TryGetBearer(Microsoft.Extensions.Primitives.StringValues header, out string token)
    {
        token = "";
        if (header.Count != 1 || header[0] is not { } value)
        {
            return false;
        }

        const string scheme = "Bearer ";
        if (!value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = value[scheme.Length..].Trim();
        return token.Length > 0;
    }
}
