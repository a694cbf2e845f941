using FluentAssertions;
using NUnit.Framework;
using SacOperator.Kubernetes.Config;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>Configuration loading, one fixture file per case in testdata/kubeconfig/.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class KubeConfigLoaderTests
{
    private static readonly string Fixtures = Path.Combine(Repo.TestData, "kubeconfig");

    private static string Fixture(string name) => Path.Combine(Fixtures, name + ".yaml");

    private static KubernetesConnection Load(string fixture, KubeConfigSelection? selection = null) =>
        KubeConfigLoader.Load(new KubeEnvironment { KubeConfig = Fixture(fixture) }, selection);

    private static string Error(string fixture, KubeConfigSelection? selection = null) =>
        FluentActions.Invoking(() => Load(fixture, selection)).Should().Throw<KubeConfigException>().Which.Message;

    [Test]
    public void Load_TokenWithInlineCa_ReadsServerTokenCaAndNamespace()
    {
        var connection = Load("token");

        connection.Server.Should().Be(new Uri("https://api.prod.example:6443"));
        connection.Namespace.Should().Be("sac-agents");
        connection.Credentials.Token.Should().Be("token-from-fixture");
        connection.CertificateAuthorities!.Single().Subject.Should().Be("CN=sacop-test-ca");
        connection.InsecureSkipTlsVerify.Should().BeFalse();
        connection.Source.Should().Contain("token.yaml").And.Contain("context prod");
    }

    [Test]
    public void Load_ConnectionPrinted_NeverShowsTheToken()
    {
        var connection = Load("token");

        var printed = connection.ToString();

        printed.Should().NotContain("token-from-fixture").And.Contain("bearer token");
    }

    [Test]
    public void Load_InlineClientCertificate_HasItsPrivateKeyAndDefaultNamespace()
    {
        var connection = Load("client-cert-data");

        var certificate = connection.Credentials.ClientCertificate!;
        certificate.Subject.Should().Contain("CN=sacop-host-node1");
        certificate.HasPrivateKey.Should().BeTrue();
        connection.Namespace.Should().Be("default");
    }

    [Test]
    public void Load_CertificateFilesRelativeToTheKubeconfig_AreResolvedAgainstItsDirectory()
    {
        var connection = Load("client-cert-files");

        connection.Credentials.ClientCertificate!.HasPrivateKey.Should().BeTrue();
        connection.CertificateAuthorities!.Single().Subject.Should().Be("CN=sacop-test-ca");
    }

    [Test]
    public void Load_TokenFileAndTlsServerName_KeepsTheAbsoluteTokenPath()
    {
        var connection = Load("token-file");

        connection.Credentials.TokenFile.Should().Be(Path.Combine(Fixtures, "secrets", "token"));
        connection.Credentials.Token.Should().BeNull();
        connection.TlsServerName.Should().Be("api.standin.test");
    }

    [Test]
    public void Load_InsecureSkipTlsVerifyWithBasicAuth_SkipsVerificationAndKeepsTheUser()
    {
        var connection = Load("insecure");

        connection.InsecureSkipTlsVerify.Should().BeTrue();
        connection.CertificateAuthorities.Should().BeNull();
        connection.Credentials.Username.Should().Be("admin");
        connection.Credentials.ToString().Should().NotContain("lab-password");
    }

    [Test]
    public void Load_InsecureTogetherWithCa_IsRefused()
    {
        Error("insecure-with-ca").Should().Contain("both a certificate authority and insecure-skip-tls-verify");
    }

    [Test]
    public void Load_MultipleContexts_UsesCurrentContextUnlessOneIsNamed()
    {
        var current = Load("multiple-contexts");
        var chosen = Load("multiple-contexts", new KubeConfigSelection { Context = "prod" });

        current.Server.Host.Should().Be("staging.example");
        current.Namespace.Should().Be("staging-agents");
        chosen.Server.Host.Should().Be("prod.example");
        chosen.Namespace.Should().Be("prod-agents");
    }

    [Test]
    public void Load_NamespaceOverride_WinsOverTheContext()
    {
        Load("multiple-contexts", new KubeConfigSelection { Namespace = "mine" }).Namespace.Should().Be("mine");
    }

    [Test]
    public void Load_NoCurrentContext_AsksForContextAndListsThem()
    {
        Error("no-current-context").Should().Contain("--context").And.Contain("alpha, beta");
    }

    [Test]
    public void Load_CurrentContextUndefined_NamesItAndTheAvailableOnes()
    {
        Error("unknown-context").Should().Contain("'gone'").And.Contain("available: here");
    }

    [Test]
    public void Load_ContextNamedOnTheCommandLineUndefined_NamesIt()
    {
        Error("multiple-contexts", new KubeConfigSelection { Context = "dev" }).Should().Contain("'dev'").And.Contain("prod, staging");
    }

    [Test]
    public void Load_UserUndefined_NamesTheUser()
    {
        Error("unknown-user").Should().Contain("user 'nobody'");
    }

    [Test]
    public void Load_ExecCredentialPlugin_ReadsCommandArgsEnvAndVersion()
    {
        var exec = Load("exec-plugin").Credentials.Exec!;

        exec.Command.Should().Be("aws", "a bare name is looked up in PATH when run");
        exec.Args.Should().Equal("eks", "get-token", "--cluster-name", "prod");
        exec.Env.Should().ContainSingle().Which.Should().Be(new KeyValuePair<string, string>("AWS_PROFILE", "prod"));
        exec.ApiVersion.Should().Be(ExecPlugin.V1Beta1);
        exec.InteractiveMode.Should().Be(ExecInteractiveMode.IfAvailable, "the v1beta1 default");
        exec.InstallHint.Should().Be("install the AWS CLI");
        exec.Cluster.Should().BeNull();
    }

    [Test]
    public void Load_ExecCommandWithAPath_ResolvesAgainstTheKubeconfigsDirectoryAndKeepsClusterInfo()
    {
        var exec = Load("exec-relative").Credentials.Exec!;

        exec.Command.Should().Be(Path.Combine(Fixtures, "plugins", "gke-gcloud-auth-plugin"));
        exec.InteractiveMode.Should().Be(ExecInteractiveMode.Never);
        exec.Cluster!["server"]!.GetValue<string>().Should().Be("https://gke.example");
        exec.Cluster["tls-server-name"]!.GetValue<string>().Should().Be("api.gke.example");
        Convert.FromBase64String(exec.Cluster["certificate-authority-data"]!.GetValue<string>())
            .Should().Equal(File.ReadAllBytes(Path.Combine(Fixtures, "certs", "ca.crt")));
    }

    [Test]
    public void Load_ExecV1WithoutInteractiveMode_SaysItIsRequired()
    {
        Error("exec-v1-no-mode").Should().Contain("user 'oidc'").And.Contain("interactiveMode is required");
    }

    [Test]
    public void Load_ExecV1Alpha1_NamesTheSupportedVersions()
    {
        Error("exec-v1alpha1").Should().Contain("v1alpha1' is not supported").And.Contain(ExecPlugin.V1);
    }

    [Test]
    public void Load_ExecAndToken_AsksToRemoveOne()
    {
        Error("exec-and-token").Should().Contain("user 'both'").And.Contain("remove one");
    }

    [Test]
    public void Load_ExecPlugin_DescribesTheCredentialWithoutSecrets()
    {
        Load("exec-plugin").Credentials.ToString().Should().Be("exec plugin aws of user 'aws'");
    }

    [Test]
    public void Load_ClusterWithoutServer_SaysSo()
    {
        Error("no-server").Should().Contain("has no server");
    }

    [Test]
    public void Load_InvalidBase64_NamesTheField()
    {
        Error("bad-base64").Should().Contain("certificate-authority-data is not valid base64");
    }

    [Test]
    public void Load_ClientKeyWithoutCertificate_IsRefused()
    {
        Error("key-without-cert").Should().Contain("client key without the matching certificate");
    }

    [Test]
    public void Load_EmptyFile_AsksForAContext()
    {
        Error("empty").Should().Contain("sets no current-context");
    }

    [Test]
    public void Load_KubeconfigList_MergesWithTheFirstFileWinning()
    {
        var environment = new KubeEnvironment { KubeConfig = Fixture("merge-first") + ":" + Fixture("merge-second") };

        var merged = KubeConfigLoader.Load(environment);
        var extra = KubeConfigLoader.Load(environment, new KubeConfigSelection { Context = "extra" });

        merged.Server.Host.Should().Be("first.example");
        merged.Credentials.Token.Should().Be("first-token");
        extra.Server.Host.Should().Be("extra.example");
        extra.Namespace.Should().Be("extra-ns");
    }

    [Test]
    public void Load_KubeconfigListWithMissingFiles_SkipsThem()
    {
        var environment = new KubeEnvironment { KubeConfig = $"/nonexistent/config::{Fixture("token")}" };

        KubeConfigLoader.Load(environment).Server.Host.Should().Be("api.prod.example");
    }

    [Test]
    public void Load_KubeconfigUnset_ReadsTheHomeConfig()
    {
        using var home = new TempDirectory("home");
        home.Write(".kube/config", File.ReadAllText(Fixture("multiple-contexts")));

        var connection = KubeConfigLoader.Load(new KubeEnvironment { Home = home.Path });

        connection.Server.Host.Should().Be("staging.example");
    }

    [Test]
    public void Load_KubeconfigSet_IgnoresTheHomeConfig()
    {
        using var home = new TempDirectory("home");
        home.Write(".kube/config", File.ReadAllText(Fixture("multiple-contexts")));

        var connection = KubeConfigLoader.Load(new KubeEnvironment { Home = home.Path, KubeConfig = Fixture("token") });

        connection.Server.Host.Should().Be("api.prod.example");
    }

    [Test]
    public void Load_ExplicitFile_IsUsedEvenWhenKubeconfigIsSet()
    {
        var connection = KubeConfigLoader.Load(new KubeEnvironment { KubeConfig = Fixture("token") }, new KubeConfigSelection { Path = Fixture("insecure") });

        connection.Server.Host.Should().Be("lab.example");
    }

    [Test]
    public void Load_ExplicitFileMissing_IsAnError()
    {
        var act = () => KubeConfigLoader.Load(new KubeEnvironment(), new KubeConfigSelection { Path = "/nonexistent/kubeconfig" });

        act.Should().Throw<KubeConfigException>().WithMessage("*/nonexistent/kubeconfig*does not exist*");
    }

    [Test]
    public void Load_InCluster_UsesTheServiceAccount()
    {
        var environment = new KubeEnvironment
        {
            ServiceHost = "10.96.0.1",
            ServicePort = "443",
            ServiceAccountDirectory = Path.Combine(Fixtures, "serviceaccount"),
        };

        var connection = KubeConfigLoader.Load(environment);

        connection.Server.Should().Be(new Uri("https://10.96.0.1:443"));
        connection.Namespace.Should().Be("sacoperator-system");
        connection.Credentials.TokenFile.Should().EndWith("serviceaccount/token");
        connection.CertificateAuthorities!.Single().Subject.Should().Be("CN=sacop-test-ca");
    }

    [Test]
    public void Load_InClusterOverIpv6_BracketsTheAddress()
    {
        var environment = new KubeEnvironment
        {
            ServiceHost = "fd00::1",
            ServicePort = "443",
            ServiceAccountDirectory = Path.Combine(Fixtures, "serviceaccount"),
        };

        KubeConfigLoader.Load(environment).Server.Should().Be(new Uri("https://[fd00::1]:443"));
    }

    [Test]
    public void Load_InClusterWithoutToken_SaysTheTokenIsMissing()
    {
        using var empty = new TempDirectory("sa");
        var environment = new KubeEnvironment { ServiceHost = "10.96.0.1", ServicePort = "443", ServiceAccountDirectory = empty.Path };

        var act = () => KubeConfigLoader.Load(environment);

        act.Should().Throw<KubeConfigException>().WithMessage("*token*does not exist*");
    }

    [Test]
    public void Load_NothingConfigured_FailsClearlyInsteadOfUsingLocalhost()
    {
        using var home = new TempDirectory("home");

        var act = () => KubeConfigLoader.Load(new KubeEnvironment { Home = home.Path, KubeConfig = "/nonexistent/a:/nonexistent/b" });

        act.Should().Throw<KubeConfigException>()
            .Which.Message.Should().Contain("no Kubernetes configuration found").And.Contain("--kubeconfig").And.Contain("/nonexistent/a").And.NotContain("localhost");
    }
}
