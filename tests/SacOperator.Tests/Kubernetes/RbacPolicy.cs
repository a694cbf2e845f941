using System.Text.Json.Nodes;
using SacOperator.Tests.Kubernetes.FakeApi;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Tests.Kubernetes;

/// <summary>
/// The RBAC rules manifests/ grants one ServiceAccount, evaluated the way the API server does for
/// the parts we use: ClusterRoles bound cluster-wide, Roles bound in their namespace; a rule
/// allows a request when its groups, resources (with subresource) and verbs all match.
/// </summary>
public sealed class RbacPolicy
{
    private readonly List<(JsonObject Rule, string? Namespace)> _rules = [];

    public static RbacPolicy ForServiceAccount(string @namespace, string name, IEnumerable<string> files)
    {
        var documents = files.SelectMany(Documents).ToList();
        var policy = new RbacPolicy();
        foreach (var binding in documents.Where(d => d["kind"]?.GetValue<string>() is "ClusterRoleBinding" or "RoleBinding"))
        {
            var boundHere = binding["subjects"]!.AsArray().Any(s =>
                s!["kind"]!.GetValue<string>() == "ServiceAccount" && s["name"]!.GetValue<string>() == name && s["namespace"]?.GetValue<string>() == @namespace);
            if (!boundHere)
            {
                continue;
            }

            var roleKind = binding["roleRef"]!["kind"]!.GetValue<string>();
            var roleName = binding["roleRef"]!["name"]!.GetValue<string>();
            var scope = binding["kind"]!.GetValue<string>() == "RoleBinding" ? binding["metadata"]!["namespace"]!.GetValue<string>() : null;
            var role = documents.Single(d => d["kind"]!.GetValue<string>() == roleKind && d["metadata"]!["name"]!.GetValue<string>() == roleName
                && (roleKind == "ClusterRole" || d["metadata"]!["namespace"]?.GetValue<string>() == scope));
            policy._rules.AddRange(role["rules"]!.AsArray().Select(r => (r!.AsObject(), scope)));
        }

        return policy;
    }

    /// <summary>Every (verb, group, resource) the rules grant.</summary>
    public IReadOnlySet<(string Verb, string Group, string Resource)> Grants =>
        _rules.SelectMany(r => Strings(r.Rule, "verbs").SelectMany(v => Strings(r.Rule, "apiGroups").SelectMany(g =>
            Strings(r.Rule, "resources").Select(res => (v, g, res))))).ToHashSet();

    public bool Allows(FakeAccess access) => _rules.Any(r =>
        (r.Namespace is null || r.Namespace == access.Namespace)
        && Strings(r.Rule, "verbs").Contains(access.Verb)
        && Strings(r.Rule, "apiGroups").Contains(access.Group)
        && Strings(r.Rule, "resources").Contains(access.Resource));

    private static IEnumerable<string> Strings(JsonObject rule, string key) =>
        rule[key]?.AsArray().Select(n => n!.GetValue<string>()) ?? [];

    private static IEnumerable<JsonObject> Documents(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(file)));
        return stream.Documents.Select(d => YamlJson.Normalize(YamlJson.ToJson(d.RootNode))).OfType<JsonObject>();
    }
}
