package org.bmsgen.dsl.parts;

/**
 * The Winbond W25Q128JV serial NOR flash as the log layout needs it (Winbond W25Q128JV datasheet): 128 Mbit
 * = 16 MiB organised in 65,536 programmable pages of 256 bytes; erasable in 4 KiB sectors, 32 KiB and
 * 64 KiB blocks, or as a whole chip. Page Program writes at most one page: bytes past the end of the page
 * wrap to its start, which is why log records must not straddle a page boundary.
 */
public final class W25q128jv {

	private W25q128jv() {
	}

	public static final String PART = "W25Q128JV";

	public static final long CAPACITY_BYTES = 16L * 1024 * 1024;

	public static final int PAGE_BYTES = 256;

	public static final int SECTOR_BYTES = 4 * 1024;

	public static final int BLOCK_32K_BYTES = 32 * 1024;

	public static final int BLOCK_64K_BYTES = 64 * 1024;

	public static final long PAGES = CAPACITY_BYTES / PAGE_BYTES;

	public static final long SECTORS = CAPACITY_BYTES / SECTOR_BYTES;
}
