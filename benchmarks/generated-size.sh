#!/usr/bin/env bash
# Size of the generated code (issue 4): files, lines and bytes per pack and image of generated-firmware/, and of
# each pack's artifacts (DBC, PlantUML, SVG, configuration sheet; not the folder marker); with
# generated-firmware/target/classes built, the bytes of each image's class files too. Run from the repository root:
#   benchmarks/generated-size.sh [generated-firmware]
set -euo pipefail
root=${1:-generated-firmware}
classes=$root/target/classes
printf '%-26s %-10s %6s %8s %10s %12s\n' pack part files lines bytes class-bytes
for pack in "$root"/*/; do
  name=$(basename "$pack")
  [ -d "$pack/java" ] || continue
  for image in stm32 esp32; do
    dir=$(find "$pack/java" -type d -name "$image" | head -1)
    [ -n "$dir" ] || continue
    files=$(find "$dir" -name '*.java' | wc -l)
    lines=$(find "$dir" -name '*.java' -exec cat {} + | wc -l)
    bytes=$(find "$dir" -name '*.java' -exec cat {} + | wc -c)
    package=${dir#"$pack/java/"}
    classBytes=-
    if [ -d "$classes/$package" ]; then
      classBytes=$(find "$classes/$package" -name '*.class' -exec cat {} + | wc -c)
    fi
    printf '%-26s %-10s %6d %8d %10d %12s\n' "$name" "$image" "$files" "$lines" "$bytes" "$classBytes"
  done
  files=$(find "$pack" -maxdepth 1 -type f -not -name '.*' | wc -l)
  lines=$(find "$pack" -maxdepth 1 -type f -not -name '.*' -exec cat {} + | wc -l)
  bytes=$(find "$pack" -maxdepth 1 -type f -not -name '.*' -exec cat {} + | wc -c)
  printf '%-26s %-10s %6d %8d %10d %12s\n' "$name" artifacts "$files" "$lines" "$bytes" -
done
