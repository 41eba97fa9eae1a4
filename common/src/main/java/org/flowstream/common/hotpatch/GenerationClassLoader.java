package org.flowstream.common.hotpatch;

import java.util.Map;

/**
 * Holds the classes of one compiled version of one task source. A new version gets a new loader, so a
 * task already running keeps using the classes it started with, and old versions are collected once unused.
 * The module host's deploy_pm uses one too, to read a compiled element's signature.
 */
public final class GenerationClassLoader extends ClassLoader {

    private final Map<String, byte[]> classes;

    public GenerationClassLoader(String name, Map<String, byte[]> classes, ClassLoader parent) {
        super(name, parent);
        this.classes = Map.copyOf(classes);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
