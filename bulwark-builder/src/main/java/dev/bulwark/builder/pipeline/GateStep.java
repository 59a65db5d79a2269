package dev.bulwark.builder.pipeline;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.policy.gate.Gate;

/** Runs the build's gates on the assembled images before anything is published: a failure leaves every output untouched. */
final class GateStep implements BuildStep {
    private final Gate.Gates gates;

    GateStep(Gate.Gates gates) {
        this.gates = gates;
    }

    @Override
    public void run(BuildContext context) throws BulwarkException {
        context.gateResults(GateRun.check(gates, context.request().spec(), context.images(), context.progress()));
    }
}
