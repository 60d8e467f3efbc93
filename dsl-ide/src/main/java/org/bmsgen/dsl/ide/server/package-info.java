/** How the language server is put together and connected to a client (stdio or a loopback socket). */
package org.bmsgen.dsl.ide.server;
