/** LangBench, which times the check of a generated 1 MB request, and the request generator it shares with the tests. */
package org.flowstream.lang.bench;
