package obs.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import obs.core.ObsException;
import org.junit.jupiter.api.Test;

/** Page parsing: headings outside code, anchors as GitHub makes them, Diagnosis commands, and what a page lacks. */
class PageTest {
    static final String CHECKS = """
            # grafana checks

            ## grafana-ready

            **Check:** Grafana answers

            ### Meaning

            ```sh
            # not a heading
            ```

            ### Impact

            ### Diagnosis

            ```sh
            # comment
            jbang check-services NAMESPACE \\
                --component grafana
            ```

            ```promql
            up == 0
            ```

            ### Mitigation

            - restart it

            ## Grafana: Login Fails!

            ### Meaning

            ### Diagnosis
            """;

    @Test
    void checkSectionsAreRunbooksWithTheirCommandsAndProblems() {
        Page page = Page.parse("runbooks/checks/grafana.md", CHECKS);
        List<Runbook> books = Runbooks.of(page);
        assertEquals(List.of("grafana-ready", "grafana-login-fails"), books.stream().map(Runbook::name).toList());
        Runbook ready = books.getFirst();
        assertEquals("runbooks/checks/grafana.md#grafana-ready", ready.ref());
        assertEquals(List.of(), ready.problems());
        assertEquals(List.of(new Page.Command("jbang check-services NAMESPACE --component grafana", 19)), ready.diagnosis());
        assertEquals(List.of("- restart it"), ready.mitigation());
        assertEquals("Check: Grafana answers", ready.summary());
        assertEquals(List.of("runbooks/checks/grafana.md#grafana-login-fails: no '### Impact' heading",
                "runbooks/checks/grafana.md#grafana-login-fails: no '### Mitigation' heading"), books.get(1).problems());
    }

    @Test
    void aPageWithoutDiagnosisOrWithHeadingsOutOfOrderIsReported() {
        Page page = Page.parse("runbooks/alerts/X.md", "# X\n\nx\n\n## Impact\n\n## Meaning\n\n## Mitigation\n");
        Runbook x = Runbooks.of(page).getFirst();
        assertEquals(List.of("runbooks/alerts/X.md: no '## Diagnosis' heading"), x.problems());
        ObsException e = assertThrows(ObsException.class, x::diagnosis);
        assertEquals("runbooks/alerts/X.md: no '## Diagnosis' heading, so there is nothing to run", e.getMessage());
        Page ordered = Page.parse("runbooks/incidents/y.md", "# y\n\n## Impact\n\n## Meaning\n\n## Diagnosis\n\n## Mitigation\n");
        assertEquals(List.of("runbooks/incidents/y.md: the headings must be Meaning, Impact, Diagnosis, Mitigation in this order, "
                + "found [Impact, Meaning, Diagnosis, Mitigation]"), Runbooks.of(ordered).getFirst().problems());
    }

    @Test
    void closeNamesAreFoundByEditDistance() {
        assertEquals(1, obs.core.EditDistance.between("PrometheusDwn", "PrometheusDown"));
        assertEquals(3, obs.core.EditDistance.between("kitten", "sitting"));
    }
}
