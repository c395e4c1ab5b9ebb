package obs.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the server adds or normalises is no difference; what obs renders differently is, named by its path. */
class ObjectDiffTest {
    static Deployment deployment(String cpu, String image, boolean serverDefaults) {
        var container = new DeploymentBuilder().withNewMetadata().withName("grafana").withNamespace("ao").endMetadata()
                .withNewSpec().withReplicas(1).withNewTemplate().withNewSpec()
                .addNewContainer().withName("grafana").withImage(image).withNewResources().addToLimits("cpu", new Quantity(cpu))
                .endResources().endContainer();
        if (serverDefaults) {
            return container.addNewContainer().withName("sidecar").withImage("x").endContainer().editFirstContainer()
                    .withImagePullPolicy("IfNotPresent").withTerminationMessagePath("/dev/termination-log").endContainer()
                    .endSpec().endTemplate().withRevisionHistoryLimit(10).endSpec().editMetadata().withResourceVersion("42")
                    .withUid("u-1").endMetadata().withNewStatus().withReplicas(1).endStatus().build();
        }
        return container.endSpec().endTemplate().endSpec().build();
    }

    @Test
    void serverDefaultsNormalisedQuantitiesAndForeignFieldsAreNoDifference() {
        assertEquals(List.of(), ObjectDiff.between(deployment("1000m", "grafana:13", false), deployment("1", "grafana:13", true)));
    }

    @Test
    void aRenderedFieldThatDiffersIsNamedByPathWithBothValues() {
        assertEquals(List.of(new ObjectDiff.Change("spec.template.spec.containers[grafana].image", "grafana:12", "grafana:13"),
                        new ObjectDiff.Change("spec.template.spec.containers[grafana].resources.limits.cpu", "1", "2")),
                ObjectDiff.between(deployment("2", "grafana:13", false), deployment("1", "grafana:12", true)));
    }

    @Test
    void configurationFilesCompareAsDataOrByLines() {
        var rendered = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .addToData("a.yml", "global:\n  cluster: lab-2\nrules: [x]\n").addToData("b.alloy", "one\ntwo\nthree\n").build();
        var live = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .addToData("a.yml", "# shipped with comments\nglobal:\n  cluster: lab\nrules: [x]\n").addToData("b.alloy", "one\n2\nthree\n")
                .addToData("added-by-discover.json", "[]").build();
        assertEquals(List.of(new ObjectDiff.Change("data.a.yml: global.cluster", "lab", "lab-2"),
                new ObjectDiff.Change("data.b.alloy (lines 2-2 of 3)", "2", "two")), ObjectDiff.between(rendered, live));
    }
}
