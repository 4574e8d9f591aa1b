package dev.hsu.app.control.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hsu.app.control.UnitView;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Reads unit views out of API answers and prints them as a table or JSON. Stateless. */
final class UnitsPrinter {

    private UnitsPrinter() {
    }

    /** The views in a body that is one unit object or an array of them. */
    static List<UnitView> views(JsonNode body) throws IOException {
        List<UnitView> views = new ArrayList<>();
        if (body.isArray()) {
            for (JsonNode n : body) {
                views.add(ControlCommand.JSON.treeToValue(n, UnitView.class));
            }
        } else if (body.isObject() && body.has("state")) {
            views.add(ControlCommand.JSON.treeToValue(body, UnitView.class));
        }
        return views;
    }

    static void print(PrintWriter out, List<UnitView> views, OutputFormat format) throws JsonProcessingException {
        if (format == OutputFormat.json) {
            out.println(ControlCommand.JSON.writeValueAsString(views));
        } else if (!views.isEmpty()) {
            out.print(UnitTable.render(views));
        }
        out.flush();
    }
}
