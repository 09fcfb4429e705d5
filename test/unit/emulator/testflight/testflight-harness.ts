// The engine harness with the TestFlight feature registered before the demo team is seeded.
import { seedDemo } from "../../../../src/emulator/engine/index.js";
import { betaReviewScenario, registerTestflight } from "../../../../src/emulator/testflight/index.js";
import { createHarness } from "../engine/engine-harness.js";

export function createTestflightHarness() {
  const h = createHarness();
  registerTestflight(h.engine);
  const demo = seedDemo(h.engine);
  const review = betaReviewScenario(h.engine);
  const ref = (type: string, id: string) => ({ type, id });
  /** Beta information and review contact complete, so only the build decides whether a submission passes. */
  const completeMetadata = async () => {
    await h.call("POST", "/v1/betaAppLocalizations", {
      data: {
        type: "betaAppLocalizations",
        attributes: { locale: "en-US", description: "Try the demo.", feedbackEmail: "beta@example.com", privacyPolicyUrl: "https://example.com/privacy" },
        relationships: { app: { data: ref("apps", demo.appId) } },
      },
    });
    await h.call("PATCH", `/v1/betaAppReviewDetails/${demo.appId}`, {
      data: {
        type: "betaAppReviewDetails",
        id: demo.appId,
        attributes: { contactFirstName: "Ada", contactLastName: "Lovelace", contactPhone: "+1 408 555 0100", contactEmail: "ada@example.com" },
      },
    });
  };
  const submit = (buildId: string) =>
    h.call("POST", "/v1/betaAppReviewSubmissions", { data: { type: "betaAppReviewSubmissions", relationships: { build: { data: ref("builds", buildId) } } } });
  const states = async (buildId: string) => {
    const res = await h.call("GET", `/v1/builds/${buildId}?include=buildBetaDetail,betaAppReviewSubmission`);
    const included: Array<{ type: string; attributes: Record<string, unknown> }> = res.body.included ?? [];
    const detail = included.find((r) => r.type === "buildBetaDetails")?.attributes ?? {};
    return {
      internal: detail.internalBuildState,
      external: detail.externalBuildState,
      review: included.find((r) => r.type === "betaAppReviewSubmissions")?.attributes.betaReviewState,
    };
  };
  return { ...h, demo, review, ref, completeMetadata, submit, states };
}
