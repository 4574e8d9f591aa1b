package dev.hsu.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records the events a master delivers, for assertions. */
final class EventLog implements Consumer<UnitEvent> {
    private final List<UnitEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(UnitEvent event) {
        events.add(event);
    }

    List<UnitEvent> of(String unit) {
        return events.stream().filter(e -> e.unit().equals(unit)).toList();
    }

    <T extends UnitEvent> List<T> of(String unit, Class<T> type) {
        return of(unit).stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The states a unit went through, starting with the first "to". */
    List<UnitState> states(String unit) {
        return of(unit, UnitEvent.StateChanged.class).stream().map(UnitEvent.StateChanged::to).toList();
    }

    /** Every transition as "FROM>TO". */
    List<String> transitions(String unit) {
        return of(unit, UnitEvent.StateChanged.class).stream().map(e -> e.from() + ">" + e.to()).toList();
    }
}
