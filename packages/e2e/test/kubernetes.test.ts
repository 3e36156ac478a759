import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { buildProgram } from "@faultline/cli";
import { checkShardable, parseShardFlag, parseStartAt } from "@faultline/runner";
import { loadScenario } from "@faultline/scenario";

// The manifests are rendered and checked here, never applied: no cluster runs on these machines.
const DEPLOY = fileURLToPath(new URL("../../../deploy/kubernetes/", import.meta.url));
const OVERLAYS = readdirSync(join(DEPLOY, "overlays"));
// KUBECTL picks another binary (the manifests are written for kustomize 2.0.3, Debian's kubectl 1.20, and later).
const KUBECTL = [process.env["KUBECTL"], "/usr/bin/kubectl", "/usr/local/bin/kubectl"].find((p) => p && existsSync(p));
if (!KUBECTL) console.warn("kubernetes manifests test skipped: kubectl not found (.ci/run installs kubernetes-client)");

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: unknown;
}
type Container = {
  args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: Record<string, Record<string, string>> }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
};
type PodSpec = { containers: Container[]; volumes: Array<Record<string, Record<string, string> | string>> };

function render(overlay: string): K8sObject[] {
  const out = execFileSync(KUBECTL!, ["kustomize", join(DEPLOY, "overlays", overlay)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"], // newer kubectl warns that bases and commonLabels are deprecated
  });
  return parseAllDocuments(out).map((d) => d.toJS() as K8sObject);
}

/** The API groups the manifests use, each with its kubernetes-models module; another one fails the test. */
const MODELS: Record<string, () => Promise<unknown>> = {
  v1: () => import("kubernetes-models/v1"),
  "apps/v1": () => import("kubernetes-models/apps/v1"),
  "batch/v1": () => import("kubernetes-models/batch/v1"),
  "networking.k8s.io/v1": () => import("kubernetes-models/networking.k8s.io/v1"),
};

/** Writes a scenario's text to a file of its own, for the loader. */
function writeTemp(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "fl-k8s-")), "scenario.yaml");
  writeFileSync(file, text);
  return file;
}

/** Validates one object against its Kubernetes API schema (kubernetes-models); throws naming the field. */
async function validate(o: K8sObject): Promise<void> {
  const load = MODELS[o.apiVersion];
  if (!load) throw new Error(`${o.kind}/${o.metadata.name}: no schema here for ${o.apiVersion} (add it to MODELS)`);
  const module = (await load()) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = module[o.kind];
  if (!Model) throw new Error(`no schema for ${o.apiVersion} ${o.kind}`);
  new Model(o).validate();
}

const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name)!;
const podOf = (job: K8sObject) => (job["spec"] as { template: { spec: PodSpec } }).template.spec;
const envOf = (c: Container, name: string) => c.env!.find((e) => e.name === name);
/** Kubernetes' $(VAR) expansion of a container argument, from literal env values. */
const expand = (arg: string, vars: Record<string, string>) => arg.replace(/\$\((\w+)\)/g, (_, v: string) => vars[v]!);

describe.skipIf(!KUBECTL)("the Kubernetes manifests", () => {
  it.each(OVERLAYS)("overlay %s renders, and every object is valid against the Kubernetes API schemas", async (o) => {
    const objects = render(o);
    expect(objects.length).toBeGreaterThan(8);
    for (const obj of objects) await expect(validate(obj), `${obj.kind}/${obj.metadata.name}`).resolves.toBeUndefined();
    // Every in-cluster URL the scenario or the gateway names is a Service of the render.
    const services = new Set(objects.filter((x) => x.kind === "Service").map((x) => x.metadata.name));
    const scenario = (find(objects, "ConfigMap", "faultline-scenario")["data"] as Record<string, string>)[
      "scenario.yaml"
    ]!;
    const gateway = objects.find((x) => x.kind === "Deployment" && x.metadata.name === "faultline-gateway");
    const gatewayArgs = gateway ? podOf(gateway).containers[0]!.args!.join(" ") : "";
    for (const [, host] of `${scenario} ${gatewayArgs}`.matchAll(/http:\/\/([a-z0-9-]+)[.:]/g))
      if (host !== "llm-gateway" && host !== "127") expect(services, `${o}: ${host}`).toContain(host);
  });

  it.each(OVERLAYS)(
    "overlay %s: the runner Job's shard arguments, env and volumes are what run --shard takes",
    async (o) => {
      const objects = render(o);
      const job = find(objects, "Job", "faultline-runner");
      const spec = job["spec"] as { completionMode: string; completions: number; parallelism: number };
      const pod = podOf(job);
      const runner = pod.containers[0]!;
      const count = Number(envOf(runner, "FAULTLINE_SHARD_COUNT")!.value);
      // One pod per shard, all at once, its completion index being its shard index.
      expect(spec).toMatchObject({ completionMode: "Indexed", completions: count, parallelism: count });
      expect(envOf(runner, "FAULTLINE_SHARD_INDEX")!.valueFrom!["fieldRef"]!["fieldPath"]).toBe(
        "metadata.annotations['batch.kubernetes.io/job-completion-index']"
      );
      expect(envOf(runner, "FAULTLINE_START_AT")!.valueFrom!["configMapKeyRef"]).toEqual({
        name: "faultline-start",
        key: "start-at",
      });
      expect(envOf(runner, "FAULTLINE_ADMIN_TOKEN")!.valueFrom!["secretKeyRef"]!["name"]).toBe("faultline-admin");
      const args = runner.args!;
      expect(args.slice(0, 2)).toEqual(["run", "/scenario/scenario.yaml"]);
      const flag = (name: string) => args[args.indexOf(name) + 1]!;
      // The scenario comes from the ConfigMap, the results go to the claim the merge Job reads.
      const mountOf = (path: string) => runner.volumeMounts!.find((m) => path.startsWith(m.mountPath))!;
      const volume = (c: Container, path: string) =>
        pod.volumes.find((v) => v["name"] === c.volumeMounts!.find((m) => path.startsWith(m.mountPath))!.name)!;
      expect(volume(runner, "/scenario/scenario.yaml")["configMap"]).toEqual({ name: "faultline-scenario" });
      expect(mountOf(flag("--results")).mountPath).toBe("/results");
      const claim = (volume(runner, flag("--results"))["persistentVolumeClaim"] as Record<string, string>)["claimName"];
      expect(find(objects, "PersistentVolumeClaim", claim!)).toBeDefined();
      const merge = find(objects, "Job", "faultline-merge");
      const mergePod = podOf(merge);
      const mergeVolume = mergePod.volumes.find((v) => v["name"] === mergePod.containers[0]!.volumeMounts![0]!.name)!;
      expect((mergeVolume["persistentVolumeClaim"] as Record<string, string>)["claimName"]).toBe(claim);
      expect(Number(envOf(mergePod.containers[0]!, "FAULTLINE_SHARD_COUNT")!.value)).toBe(count);
      expect(mergePod.containers[0]!.args!.join(" ")).toContain(
        `merge ${flag("--results").replace(/\$\(.*$/, "")}*/*/`
      );

      // The CLI's run command knows every flag, and takes each shard's --shard and --start-at as
      // Kubernetes expands them (the parsers `faultline run` calls; nothing runs).
      const run = buildProgram().commands.find((c) => c.name() === "run")!;
      const known = new Set(run.options.map((x) => x.long));
      for (const a of args.filter((x) => x.startsWith("--"))) expect(known, a).toContain(a);
      const startAt = new Date(Date.now() + 60_000).toISOString();
      for (let i = 0; i < count; i++) {
        const vars = {
          FAULTLINE_SHARD_COUNT: String(count),
          FAULTLINE_SHARD_INDEX: String(i),
          FAULTLINE_START_AT: startAt,
        };
        expect(parseShardFlag(expand(flag("--shard"), vars))).toEqual({ index: i, count });
        expect(parseStartAt(expand(flag("--start-at"), vars))).toBe(Date.parse(startAt));
      }
      // The scenario loads, and every shard sends to the same nodes: each is external (a url).
      const text = (find(objects, "ConfigMap", "faultline-scenario")["data"] as Record<string, string>)[
        "scenario.yaml"
      ]!;
      const scenario = await loadScenario(writeTemp(text));
      expect(() => checkShardable(scenario)).not.toThrow();
    }
  );
});
