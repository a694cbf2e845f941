using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SacOperator.Kubernetes.Config;

/// <summary>
/// Resolves the connection in the order kubectl users expect: an explicit <c>--kubeconfig</c>
/// file; else the files listed in <c>KUBECONFIG</c> (merged, the first file to name an entry
/// wins; missing files are skipped); else <c>~/.kube/config</c>; else the pod's service account.
/// When none of these exists it fails with a message saying so — it never falls back to an
/// unauthenticated <c>localhost:8080</c>.
/// </summary>
public static class KubeConfigLoader
{
    public static KubernetesConnection Load(KubeEnvironment environment, KubeConfigSelection? selection = null)
    {
        selection ??= new KubeConfigSelection();
        if (selection.Path is { } explicitPath)
        {
            if (!File.Exists(explicitPath))
            {
                throw new KubeConfigException($"kubeconfig {explicitPath} (from --kubeconfig) does not exist");
            }

            return FromFiles([KubeConfigFile.Read(explicitPath)], selection);
        }

        var listed = (environment.KubeConfig ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(File.Exists)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (listed.Count > 0)
        {
            return FromFiles([.. listed.Select(KubeConfigFile.Read)], selection);
        }

        if (environment.Home is { Length: > 0 } home && System.IO.Path.Combine(home, ".kube", "config") is var userConfig && File.Exists(userConfig))
        {
            return FromFiles([KubeConfigFile.Read(userConfig)], selection);
        }

        if (!string.IsNullOrEmpty(environment.ServiceHost) && !string.IsNullOrEmpty(environment.ServicePort))
        {
            return InCluster(environment, selection);
        }

        throw new KubeConfigException(
            "no Kubernetes configuration found: pass --kubeconfig FILE, set KUBECONFIG, create ~/.kube/config, " +
            "or run in a pod with a service account" +
            (environment.KubeConfig is { Length: > 0 } list ? $" (none of the KUBECONFIG files exist: {list})" : ""));
    }

    private static KubernetesConnection FromFiles(IReadOnlyList<KubeConfigFile> files, KubeConfigSelection selection)
    {
        var config = KubeConfigFile.Merge(files);
        var contextName = selection.Context ?? config.CurrentContext
            ?? throw new KubeConfigException($"{config.Path} sets no current-context; pass --context ({Available(config.Contexts.Keys)})");
        if (!config.Contexts.TryGetValue(contextName, out var context))
        {
            throw new KubeConfigException($"context '{contextName}' is not defined in {config.Path} ({Available(config.Contexts.Keys)})");
        }

        var clusterName = context.String("cluster")
            ?? throw new KubeConfigException($"{context.File}: context '{contextName}' names no cluster");
        if (!config.Clusters.TryGetValue(clusterName, out var cluster))
        {
            throw new KubeConfigException($"{context.File}: context '{contextName}' names cluster '{clusterName}', which is not defined in {config.Path}");
        }

        ClientCredentials credentials = ClientCredentials.None;
        if (context.String("user") is { } userName)
        {
            if (!config.Users.TryGetValue(userName, out var user))
            {
                throw new KubeConfigException($"{context.File}: context '{contextName}' names user '{userName}', which is not defined in {config.Path}");
            }

            credentials = Credentials(user, cluster);
        }

        var insecure = cluster.Bool("insecure-skip-tls-verify");
        var authorities = AuthorityPem(cluster) is { } pem ? Pem(Encoding.ASCII.GetString(pem), AuthorityName(cluster)) : null;
        if (insecure && authorities is not null)
        {
            throw new KubeConfigException($"{cluster.File}: cluster '{clusterName}' sets both a certificate authority and insecure-skip-tls-verify; remove one");
        }

        return new KubernetesConnection
        {
            Server = Server(cluster),
            Namespace = selection.Namespace ?? context.String("namespace") ?? "default",
            Source = $"kubeconfig {config.Path} (context {contextName})",
            CertificateAuthorities = authorities,
            InsecureSkipTlsVerify = insecure,
            TlsServerName = cluster.String("tls-server-name"),
            Credentials = credentials,
        };
    }

    private static KubernetesConnection InCluster(KubeEnvironment environment, KubeConfigSelection selection)
    {
        var dir = environment.ServiceAccountDirectory;
        var tokenFile = System.IO.Path.Combine(dir, "token");
        if (!File.Exists(tokenFile))
        {
            throw new KubeConfigException(
                $"KUBERNETES_SERVICE_HOST is set but {tokenFile} does not exist: the pod has no service account token mounted (automountServiceAccountToken: false?)");
        }

        var caFile = System.IO.Path.Combine(dir, "ca.crt");
        var namespaceFile = System.IO.Path.Combine(dir, "namespace");
        var host = environment.ServiceHost!.Contains(':', StringComparison.Ordinal) ? $"[{environment.ServiceHost}]" : environment.ServiceHost;
        return new KubernetesConnection
        {
            Server = new Uri($"https://{host}:{environment.ServicePort}"),
            Namespace = selection.Namespace ?? (File.Exists(namespaceFile) ? File.ReadAllText(namespaceFile).Trim() : "default"),
            Source = $"in-cluster service account ({dir})",
            CertificateAuthorities = File.Exists(caFile) ? Pem(File.ReadAllText(caFile), caFile) : null,
            Credentials = new ClientCredentials { TokenFile = tokenFile },
        };
    }

    private static Uri Server(KubeConfigEntry cluster)
    {
        var text = cluster.String("server")
            ?? throw new KubeConfigException($"{cluster.File}: cluster '{cluster.Name}' has no server");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var server) || server.Scheme is not ("https" or "http"))
        {
            throw new KubeConfigException($"{cluster.File}: cluster '{cluster.Name}': server '{text}' is not an http(s) URL");
        }

        if (cluster.Has("proxy-url"))
        {
            throw new KubeConfigException($"{cluster.File}: cluster '{cluster.Name}' uses proxy-url, which sacop does not support; connect directly or through HTTPS_PROXY");
        }

        return server;
    }

    /// <summary>The cluster's certificate authorities as PEM bytes, from the data or the file; null when it names none.</summary>
    private static byte[]? AuthorityPem(KubeConfigEntry cluster) =>
        cluster.Data("certificate-authority-data")
        ?? (cluster.Path("certificate-authority") is { } file ? Encoding.ASCII.GetBytes(ReadText(file, cluster, "certificate-authority")) : null);

    private static string AuthorityName(KubeConfigEntry cluster) =>
        cluster.Has("certificate-authority-data")
            ? $"{cluster.File}: cluster '{cluster.Name}' certificate-authority-data"
            : cluster.Path("certificate-authority")!;

    private static ClientCredentials Credentials(KubeConfigEntry user, KubeConfigEntry cluster)
    {
        if (user.Has("auth-provider"))
        {
            throw new KubeConfigException(
                $"{user.File}: user '{user.Name}' authenticates with an auth-provider, which sacop does not support; " +
                "use an exec credential plugin (kubectl's replacement for auth-providers), a token, tokenFile or client certificate");
        }

        ExecPlugin? exec = null;
        if (user.Has("exec"))
        {
            if (user.Has("token") || user.Has("tokenFile") || user.Has("username"))
            {
                throw new KubeConfigException($"{user.File}: user '{user.Name}' sets both exec and a token or basic auth; remove one");
            }

            exec = ExecPluginReader.Read(user, cluster, AuthorityPem(cluster));
        }

        var certificate = user.Data("client-certificate-data") is { } certData
            ? Encoding.ASCII.GetString(certData)
            : user.Path("client-certificate") is { } certFile ? ReadText(certFile, user, "client-certificate") : null;
        var key = user.Data("client-key-data") is { } keyData
            ? Encoding.ASCII.GetString(keyData)
            : user.Path("client-key") is { } keyFile ? ReadText(keyFile, user, "client-key") : null;
        if ((certificate is null) != (key is null))
        {
            throw new KubeConfigException($"{user.File}: user '{user.Name}' has a client {(certificate is null ? "key" : "certificate")} without the matching {(certificate is null ? "certificate" : "key")}");
        }

        X509Certificate2? clientCertificate = null;
        if (certificate is not null)
        {
            try
            {
                clientCertificate = X509Certificate2.CreateFromPem(certificate, key);
            }
            catch (CryptographicException e)
            {
                // The exception text never contains key material, only what failed to decode.
                throw new KubeConfigException($"{user.File}: user '{user.Name}': client certificate or key is not valid PEM ({e.Message})", e);
            }
        }

        return new ClientCredentials
        {
            Token = user.String("token"),
            TokenFile = user.Path("tokenFile"),
            Username = user.String("username"),
            Password = user.String("password"),
            ClientCertificate = clientCertificate,
            Exec = exec,
        };
    }

    private static X509Certificate2Collection Pem(string pem, string where)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new KubeConfigException($"{where}: not a PEM certificate bundle ({e.Message})", e);
        }

        return collection.Count > 0 ? collection : throw new KubeConfigException($"{where}: no certificate found in the PEM data");
    }

    private static string ReadText(string path, KubeConfigEntry entry, string key)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException($"{entry.File}: {entry.Name}: {key} {path} cannot be read: {e.Message}", e);
        }
    }

    private static string Available(IEnumerable<string> names) =>
        names.Any() ? "available: " + string.Join(", ", names.Order(StringComparer.Ordinal)) : "it defines no contexts";
}
