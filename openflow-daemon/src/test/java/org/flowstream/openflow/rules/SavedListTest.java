package org.flowstream.openflow.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedListTest {

    record Item(String name, int size) {}

    @TempDir
    Path dir;

    private SavedList<Item> list() {
        return new SavedList<>(dir.resolve("items.json"), "items", Item.class, "widgets");
    }

    @Test
    void nothingSavedYetReadsAsEmptyAndWhatIsWrittenReadsBack() throws Exception {
        assertThat(list().read(i -> i)).isEmpty();
        list().write(List.of(new Item("a", 1), new Item("b", 2)));
        assertThat(Files.readString(dir.resolve("items.json"))).startsWith("{\"format\":1,\"items\":[");
        assertThat(list().read(Item::name)).containsExactly("a", "b");
        assertThat(dir.resolve("items.json.tmp")).doesNotExist();
    }

    @Test
    void aFileThatCannotBeReadStopsWithAMessageThatSaysWhatToDo() throws Exception {
        Path f = dir.resolve("items.json");
        for (String bad : List.of(
                "{\"format\":1,\"items\":[{\"name\":",
                "{\"format\":2,\"items\":[]}",
                "{\"format\":1}",
                "{\"format\":1,\"items\":[{\"name\":\"a\",\"size\":\"big\"}]}")) {
            Files.writeString(f, bad);
            assertThatThrownBy(() -> list().read(i -> i))
                    .as(bad)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot read the saved widgets " + f)
                    .hasMessageEndingWith("; move it aside to start without them");
        }
    }

    @Test
    void anItemTheServiceRefusesStopsTheReadToo() {
        list().write(List.of(new Item("a", -1)));
        assertThatThrownBy(() -> list().read(i -> {
                    if (i.size() < 0) throw new IllegalArgumentException("size must be >= 0");
                    return i;
                }))
                .hasMessageContaining("size must be >= 0");
    }
}
